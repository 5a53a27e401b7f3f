import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { type Scenario, type ScenarioCheck, type ScenarioPath, ScenarioError, validateScenario } from './scenario';

/**
 * Parses scenario text (YAML, or JSON, which YAML reads too) and checks it, pointing each problem
 * at its line. Never throws.
 */
export function parseScenarioText(text: string): ScenarioCheck {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({ path: '(scenario)', message: e.message, line: lines.linePos(e.pos[0]).line })),
    };
  }
  const lineOf = (path: ScenarioPath): number | undefined => {
    // A missing key has no node: point at the nearest enclosing one instead.
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return validateScenario(doc.toJS(), lineOf);
}

/**
 * A scenario from a file path (YAML or JSON) or from an object already in memory.
 * Throws ScenarioError listing every problem with its path (and line, for files).
 */
export function loadScenario(fileOrObject: string | Scenario): Scenario {
  if (typeof fileOrObject !== 'string') {
    const check = validateScenario(fileOrObject);
    if (!check.ok) throw new ScenarioError('object', check.issues);
    return check.scenario;
  }
  let text: string;
  try {
    text = readFileSync(fileOrObject, 'utf8');
  } catch (e) {
    throw new ScenarioError(fileOrObject, [{ path: '(scenario)', message: `cannot read: ${(e as Error).message}` }]);
  }
  const check = parseScenarioText(text);
  if (!check.ok) throw new ScenarioError(fileOrObject, check.issues);
  return check.scenario;
}
