/**
 * docs/errors.md, generated from the catalogue (kernel/errors.ts) and the status of each kind.
 * `npm run docs:errors` writes it; a test checks that the file is what this renders.
 */
import { CATALOGUE, CATALOGUE_PREAMBLE, type FindingSpec, type ProblemSpec } from '../../kernel/errors.js';
import { STATUS_BY_KIND } from './errors.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The catalogue as Markdown (to be formatted by Prettier like every other page). */
export function renderErrorsDoc(): string {
  const out = ['# Error catalogue', '', CATALOGUE_PREAMBLE, ''];
  for (const section of CATALOGUE) {
    out.push(`## ${section.title}`, '');
    if (section.intro) out.push(section.intro, '');
    const head =
      section.shape === 'finding'
        ? ['code', 'severity', 'meaning', 'remedy']
        : section.shape === 'problem'
          ? ['code', 'HTTP', 'meaning', 'remedy']
          : ['code', 'meaning', 'remedy'];
    out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
    for (const [code, spec] of Object.entries(section.codes)) {
      const row =
        section.shape === 'finding'
          ? [(spec as FindingSpec).severity]
          : section.shape === 'problem'
            ? [(spec as ProblemSpec).cli ? '—' : String(STATUS_BY_KIND[(spec as ProblemSpec).kind])]
            : [];
      out.push(`| ${[`\`${code}\``, ...row, spec.meaning, spec.remedy].map(cell).join(' | ')} |`);
    }
    out.push('');
    if (section.outro) out.push(section.outro, '');
  }
  return out.join('\n');
}
