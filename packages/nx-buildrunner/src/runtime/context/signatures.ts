/**
 * Declarations found by line patterns, not parsers: fast, language-agnostic, and good enough to
 * tell an agent what a file offers and where to look (it can open the file for the rest).
 */
export interface SignatureLine {
  /** 1-based. */
  line: number;
  text: string;
  /** Part of the file's public face (exports, `pub`, capitalised Go names, public Python names). */
  exported: boolean;
}

const EXPORTED: readonly RegExp[] = [
  /^export\s/,
  /^module\.exports\b/,
  /^exports\.[\w$]+\s*=/,
  /^pub(?:\([\w:]+\))?\s+(?:async\s+)?(?:fn|struct|enum|trait|mod|type|const|static|use)\b/,
  /^func\s+(?:\([^)]*\)\s*)?[A-Z]/,
  /^type\s+[A-Z]\w*\s/,
  /^(?:async\s+)?def\s+[A-Za-z]\w*\s*\(/,
  /^class\s+[A-Za-z]\w*/,
  /^public\s/,
];

const DECLARATION: readonly RegExp[] = [
  /^(?:async\s+)?function\b/,
  /^(?:abstract\s+|default\s+)*class\s/,
  /^(?:declare\s+)?(?:interface|type|enum|namespace)\s+\w/,
  /^(?:async\s+)?def\s/,
  /^(?:const|let|var)\s+[\w$]+\s*(?::[^=]+)?=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[\w$]+\s*=>)/,
  /^(?:pub(?:\([\w:]+\))?\s+)?(?:async\s+)?fn\s/,
  /^(?:impl|trait|struct|enum)\b/,
  /^func\s/,
  /^(?:(?:public|private|protected|static|readonly|async|override|abstract|get|set)\s+)+[\w$]+\s*[(<:=]/,
  // Tests name behaviour in `describe`/`it` strings: what a reader of a test file wants first.
  /^(?:describe|it|test)(?:\.\w+)?\s*\(/,
];

/** Long one-line declarations (inline object types, minified code) are cut. */
const MAX_SIGNATURE_CHARS = 160;

export function signatureLines(text: string): SignatureLine[] {
  const out: SignatureLine[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const topLevel = !/^\s/.test(raw);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('//') || trimmed.startsWith('#') || trimmed.startsWith('*')) return;
    const exported = topLevel && EXPORTED.some((re) => re.test(trimmed)) && !/^(?:async\s+)?def\s+_/.test(trimmed);
    if (!exported && !DECLARATION.some((re) => re.test(trimmed))) return;
    const shown = raw.trimEnd();
    out.push({
      line: i + 1,
      text: shown.length > MAX_SIGNATURE_CHARS ? `${shown.slice(0, MAX_SIGNATURE_CHARS)}…` : shown,
      exported,
    });
  });
  return out;
}
