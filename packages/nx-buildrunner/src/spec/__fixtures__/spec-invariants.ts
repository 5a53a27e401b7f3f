import { SourceText } from '../source-text';
import type { Spec } from '../types';
import { DOMAINS, PRIORITIES } from '../types';

/**
 * What every Spec must satisfy whatever the input: lines inside the file, unique ids,
 * requirement ids under their feature's id, dependencies that point at features, well-formed
 * diagnostics. Returns the violations (empty when the spec is valid).
 */
export function specViolations(spec: Spec, text: string): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);
  const lines = new SourceText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).lineCount;
  const inFile = (line: number) => Number.isInteger(line) && line >= 1 && line <= lines;
  if (!/^[0-9a-f]{64}$/.test(spec.hash)) fail(`spec hash ${spec.hash}`);
  if (typeof spec.title !== 'string' || !spec.title) fail('empty title');
  if (!['buildrunner', 'freeform', 'speckit', 'kiro'].includes(spec.format)) fail(`format ${spec.format}`);
  if (typeof spec.metadata !== 'object' || spec.metadata === null) fail('metadata');
  const ids = new Set(spec.features.map((f) => f.id));
  if (ids.size !== spec.features.length) fail('duplicate feature ids');
  for (const f of spec.features) {
    const at = `feature ${f.id}`;
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(f.id) || f.id.length > 48) fail(`${at}: bad id`);
    if (!f.title) fail(`${at}: empty title`);
    if (!inFile(f.line) || !inFile(f.endLine) || f.endLine < f.line) fail(`${at}: lines ${f.line}-${f.endLine} of ${lines}`);
    const within = (line: number) => inFile(line) && line >= f.line && line <= f.endLine;
    const reqIds = new Set<string>();
    for (const r of f.requirements) {
      if (!r.id.startsWith(`${f.id}.r`)) fail(`${at}: requirement id ${r.id}`);
      reqIds.add(r.id);
      if (!within(r.line)) fail(`${at}: requirement line ${r.line}`);
      if (!r.text || typeof r.done !== 'boolean') fail(`${at}: requirement ${JSON.stringify(r)}`);
    }
    if (reqIds.size !== f.requirements.length) fail(`${at}: duplicate requirement ids`);
    for (const a of f.acceptance) if (!within(a.line) || !a.text || typeof a.done !== 'boolean') fail(`${at}: criterion ${JSON.stringify(a)}`);
    for (const c of f.components) if (!within(c.line) || !c.path) fail(`${at}: component ${JSON.stringify(c)}`);
    for (const d of f.dependencyRefs) {
      if (!within(d.line) || !d.text) fail(`${at}: dependency ref ${JSON.stringify(d)}`);
      for (const r of d.resolved) if (!ids.has(r)) fail(`${at}: dependency on missing ${r}`);
    }
    if (new Set(f.dependsOn).size !== f.dependsOn.length) fail(`${at}: repeated dependsOn`);
    for (const d of f.dependsOn) if (!ids.has(d) || d === f.id) fail(`${at}: dependsOn ${d}`);
    if (!/^[0-9a-f]{16}$/.test(f.hash)) fail(`${at}: hash ${f.hash}`);
    if (f.priority !== undefined && !PRIORITIES.includes(f.priority)) fail(`${at}: priority ${f.priority}`);
    if (f.domain !== undefined && !DOMAINS.includes(f.domain)) fail(`${at}: domain ${f.domain}`);
    if (f.verify.some((v) => typeof v !== 'string' || !v)) fail(`${at}: verify`);
  }
  for (const d of spec.diagnostics) {
    if (d.severity !== 'error' && d.severity !== 'warning') fail(`diagnostic severity ${d.severity}`);
    if (typeof d.message !== 'string' || !d.message.trim()) fail('diagnostic without message');
    if (!Number.isInteger(d.line) || d.line < 0 || d.line > lines) fail(`diagnostic line ${d.line} of ${lines}: ${d.message}`);
    if (d.column !== undefined && (!Number.isInteger(d.column) || d.column < 1)) fail(`diagnostic column ${d.column}`);
  }
  const { metadata: _metadata, ...rest } = spec;
  if (JSON.stringify(JSON.parse(JSON.stringify(rest))) !== JSON.stringify(rest)) fail('not JSON-safe');
  return problems;
}
