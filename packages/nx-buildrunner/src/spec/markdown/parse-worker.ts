import { parentPort, workerData } from 'node:worker_threads';
import { parsePiece } from './parse-markdown';
import type { WorkerInput } from './threads';

// Each piece goes back as soon as it is parsed, as JSON: the parent rebuilds a tree from a
// string several times faster than from a structured clone, and this thread never holds more
// than one piece's tree, which keeps its garbage collector's work small.
const { pieces } = workerData as WorkerInput;
for (const { text, at } of pieces) parentPort?.postMessage(JSON.stringify(parsePiece(text, at)));
