import type { Code, ListItem, Paragraph, RootContent } from 'mdast';
import { codeSpans } from './code-spans';
import { componentsIn, type ComponentOptions } from './components';
import { dependencyPhrases } from './dependency-phrases';
import type { FeatureDraft } from './draft';
import { joinLines, nodeLines, plainText, type TextLine } from './inline-text';
import { type Item, listItem, tableRows } from './items';
import { type FieldKind, matchLabel, SCALAR_FIELDS } from './labels';
import type { SourceText } from './source-text';

/** A run of blocks read under one field: a feature's own blocks, or a `#### Requirements` subsection. */
export interface BodyPart {
  blocks: readonly RootContent[];
  field?: FieldKind;
}

export interface BodyOptions {
  /** Paths outside backticks count as components too (Spec Kit, Kiro). */
  components?: ComponentOptions;
  /** Lets a reader claim list items of its own syntax (a Spec Kit task); true when handled. */
  claimItem?: (item: Item & { optional: boolean }, draft: FeatureDraft) => boolean;
}

/** Siblings share a scope: a label paragraph sets the field for the blocks after it. */
interface Scope {
  field: FieldKind | undefined;
}

/**
 * Reads a feature's blocks into its draft. Outside any field, prose is description (and is
 * searched for dependency phrases), list items are requirements and checklist items acceptance
 * criteria. Under a field, everything is read as that field says. Walks with an explicit stack,
 * so nesting depth costs no call stack.
 */
export function readBody(source: SourceText, draft: FeatureDraft, parts: readonly BodyPart[], options: BodyOptions = {}): void {
  new BodyReader(source, draft, options).read(parts);
}

class BodyReader {
  constructor(
    private readonly source: SourceText,
    private readonly draft: FeatureDraft,
    private readonly options: BodyOptions,
  ) {}

  read(parts: readonly BodyPart[]): void {
    const stack: Array<{ node: RootContent; scope: Scope }> = [];
    const push = (children: readonly RootContent[], scope: Scope) => {
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, scope });
    };
    for (let p = parts.length - 1; p >= 0; p--) push(parts[p]!.blocks, { field: parts[p]!.field });
    for (let entry = stack.pop(); entry; entry = stack.pop()) {
      const { node, scope } = entry;
      switch (node.type) {
        case 'paragraph':
          this.paragraph(node, scope);
          break;
        case 'list':
          push(node.children, scope);
          break;
        case 'listItem':
          push(
            node.children.filter((c) => c.type !== 'paragraph'),
            this.listItem(node, scope),
          );
          break;
        case 'table':
          for (const row of tableRows(this.source, node)) this.item(row, scope.field);
          break;
        case 'blockquote':
          push(node.children, { field: scope.field });
          break;
        case 'code':
          if (scope.field === 'verify') this.commandBlock(node);
          break;
        default:
          break;
      }
    }
  }

  private paragraph(node: Paragraph, scope: Scope): void {
    let leading: TextLine[] = [];
    let current: { label: string; field?: FieldKind; value: TextLine[] } | undefined;
    const flush = () => {
      if (current) this.labelled(current.label, current.field, current.value, scope);
      else if (leading.length > 0) this.prose(leading, scope.field);
    };
    for (const line of nodeLines(this.source, node)) {
      const label = matchLabel(line.text);
      if (label) {
        flush();
        leading = [];
        current = { label: label.label, value: [{ text: label.value, line: line.line }] };
        if (label.field) current.field = label.field;
      } else if (current) {
        current.value.push(line);
      } else {
        leading.push(line);
      }
    }
    flush();
  }

  /** A labelled field: its value is the rest of the line and the lines of the paragraph that follow. */
  private labelled(label: string, field: FieldKind | undefined, value: TextLine[], scope: Scope): void {
    const [first, ...rest] = value;
    if (!first) return;
    if (!field) {
      scope.field = undefined;
      this.prose([{ text: first.text ? `${label}: ${first.text}` : label, line: first.line }, ...rest], undefined);
      return;
    }
    const text = joinLines(value);
    if (SCALAR_FIELDS.has(field)) {
      scope.field = undefined;
      const key = field as 'priority' | 'status' | 'duration' | 'domain';
      if (text && !this.draft[key]) this.draft[key] = { text: plainText(text), line: first.line };
      return;
    }
    // `**Requirements:**` introduces the blocks after it, and so does a value ending in a colon
    // (`**Acceptance:** all of:`, which is then description); `**Depends on:** Feature 1` is
    // complete in itself, so a list after it is read as usual.
    const introduces = !text || text.endsWith(':');
    scope.field = introduces ? field : undefined;
    if (text) this.prose(value, introduces ? undefined : field);
  }

  /** A list item, labelled or not; returns the scope its nested blocks are read in. */
  private listItem(node: ListItem, scope: Scope): Scope {
    const item = listItem(this.source, node);
    const label = item.checked === undefined ? matchLabel(item.text, { boldOnly: true }) : undefined;
    if (label) {
      const inner: Scope = { field: scope.field };
      this.labelled(label.label, label.field, [{ text: label.value, line: item.line }], inner);
      return inner;
    }
    if (!this.options.claimItem?.(item, this.draft)) this.item(item, scope.field);
    return { field: scope.field };
  }

  private item(item: Item, field: FieldKind | undefined): void {
    const { text, line } = item;
    if (!text) return;
    switch (field) {
      case 'acceptance':
        this.criterion(text, line, item.checked === true);
        break;
      case 'implementation':
        this.implementation(text, line);
        break;
      case 'depends':
        this.draft.refs.push({ kind: 'explicit', text, line });
        break;
      case 'verify':
        this.verify(text, line, item.checked === true);
        break;
      case 'requirements':
        this.requirement(text, line, item.checked === true);
        break;
      default:
        if (item.checked === undefined) this.requirement(text, line, false);
        else this.criterion(text, line, item.checked);
    }
  }

  /** Lines of a paragraph outside a list: a value of the current field, or description. */
  private prose(lines: TextLine[], field: FieldKind | undefined): void {
    const text = joinLines(lines);
    const line = lines[0]?.line ?? 0;
    if (!text) return;
    switch (field) {
      case 'requirements':
      case 'acceptance':
      case 'implementation':
      case 'depends':
      case 'verify':
        this.item({ text, line }, field);
        break;
      default:
        this.draft.description.push({ text, line });
        this.addComponents(text, line);
        this.proseDependencies(lines);
    }
  }

  /** Dependency phrases, each with the line it starts on. */
  private proseDependencies(lines: TextLine[]): void {
    const starts: number[] = [];
    let length = 0;
    const plain = lines
      .map((l) => {
        const text = plainText(l.text);
        starts.push(length);
        length += text.length + 1;
        return text;
      })
      .join(' ');
    let k = 0;
    for (const phrase of dependencyPhrases(plain)) {
      while (k + 1 < starts.length && starts[k + 1]! <= phrase.index) k++;
      this.draft.refs.push({ kind: 'prose', text: phrase.target, line: lines[k]!.line, strength: phrase.strength });
    }
  }

  private requirement(text: string, line: number, done: boolean): void {
    this.draft.requirements.push({ text, line, done });
    this.addComponents(text, line);
  }

  private criterion(text: string, line: number, done: boolean): void {
    this.draft.acceptance.push({ text, done, line });
    this.addComponents(text, line);
  }

  private implementation(text: string, line: number): void {
    if (!this.addComponents(text, line)) this.draft.requirements.push({ text, line, done: false });
  }

  /** Commands are what the item puts in backticks; an item without one is a check for a person. */
  private verify(text: string, line: number, done: boolean): void {
    const commands = codeSpans(text).map((s) => s.value.trim());
    if (commands.length === 0) this.criterion(text, line, done);
    else this.draft.verify.push(...commands);
  }

  private commandBlock(node: Code): void {
    for (const raw of node.value.split(/\r?\n|\r/)) {
      const command = raw.trim().replace(/^\$\s+/, '');
      if (command && !command.startsWith('#')) this.draft.verify.push(command);
    }
  }

  private addComponents(text: string, line: number): boolean {
    const found = componentsIn(text, line, this.options.components);
    this.draft.components.push(...found);
    return found.length > 0;
  }
}
