import type { Command } from 'commander';
import { type CliIo, EXIT_OK, EXIT_SPEC_ERROR } from '../io';
import { loadPlan, reportDiagnostics } from '../load-plan';
import { plural, renderTable } from '../table';

const FORMAT_NAMES = {
  buildrunner: 'BuildRunner layout',
  freeform: 'free-form Markdown',
  speckit: 'Spec Kit tasks.md',
  kiro: 'Kiro tasks.md',
} as const;

export function registerSpecLoad(spec: Command, io: CliIo, done: (code: number) => void): void {
  spec
    .command('load')
    .description('Validate a spec and summarise what was read from it')
    .argument('<file>', 'the spec to read (PROJECT_SPEC.md, a Spec Kit or Kiro tasks.md, any Markdown)')
    .option('--json', 'print the features and diagnostics as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const loaded = loadPlan(io, file);
      const { spec: parsed } = loaded;
      reportDiagnostics(io, loaded);
      if (opts.json) {
        io.out(JSON.stringify({ spec: { path: loaded.file, title: parsed.title, hash: parsed.hash, format: parsed.format },
          features: parsed.features.map((f) => ({ id: f.id, title: f.title, line: f.line, requirements: f.requirements.length,
            acceptance: f.acceptance.length, components: f.components.map((c) => c.path), dependsOn: f.dependsOn })),
          diagnostics: loaded.plan.diagnostics }, null, 2));
        return done(loaded.ok ? EXIT_OK : EXIT_SPEC_ERROR);
      }
      const features = parsed.features;
      const count = (pick: (f: (typeof features)[number]) => number) => features.reduce((n, f) => n + pick(f), 0);
      const errors = loaded.plan.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = loaded.plan.diagnostics.length - errors;
      io.out(`${parsed.title} (${loaded.file}, ${FORMAT_NAMES[parsed.format]})`);
      io.out(
        `  ${plural(features.length, 'feature')} · ${plural(count((f) => f.requirements.length), 'requirement')} · ` +
          `${plural(count((f) => f.acceptance.length), 'acceptance criterion', 'acceptance criteria')} · ` +
          `${plural(count((f) => f.components.length), 'component')} · ${plural(errors, 'error')} · ${plural(warnings, 'warning')}`,
      );
      if (features.length > 0) {
        io.out('');
        io.out(
          renderTable(
            ['feature', 'line', 'reqs', 'criteria', 'components', 'depends on'],
            features.map((f) => [f.id, String(f.line), String(f.requirements.length), String(f.acceptance.length),
              String(f.components.length), f.dependsOn.join(', ') || '-']),
          ),
        );
      }
      done(loaded.ok ? EXIT_OK : EXIT_SPEC_ERROR);
    });
}
