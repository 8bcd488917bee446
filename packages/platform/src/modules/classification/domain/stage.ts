/**
 * The misclassification stage: when a line's declared HTS number and a confident suggestion for
 * its description disagree at the heading or the subheading, a warning naming the suggestion, its
 * confidence and the difference in general duty rate. Declarations the model also ranks near the
 * top are left alone: the stage speaks only when the model is sure and the filer is not close.
 */
import type { Finding } from '../../../kernel/finding.js';
import type { Shipment } from '../../../kernel/shipment.js';
import type { Tariff } from '../../tariff/index.js';
import { formatHts } from '../../../kernel/hts-code.js';
import type { Classification } from './model.js';

/** An ad valorem general rate as a number of percent ("6.2%" → 6.2, "Free" → 0), else null. */
export function adValorem(text: string | undefined): number | null {
  if (!text) return null;
  const t = text.trim();
  if (/^free$/i.test(t)) return 0;
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  return m ? Number(m[1]) : null;
}

export function misclassificationFindings(
  s: Shipment,
  tariff: Tariff | null,
  classify: (description: string) => Classification,
  warnAbove: number,
  model: string,
): Finding[] {
  if (!tariff) return [];
  const out: Finding[] = [];
  s.lines.forEach((line, i) => {
    const declared = line.hts.replace(/[.\s]/g, '');
    // Malformed or unknown numbers are the validation stage's findings.
    if (!/^\d{10}$/.test(declared) || !tariff.statisticalLine(declared)) return;
    const description = line.description.trim();
    if (description.length < 3) return;
    const c = classify(description);
    const top = c.suggestions[0];
    if (!top || c.abstain || top.score < warnAbove) return;
    if (c.suggestions.slice(0, 3).some((x) => x.hts.slice(0, 6) === declared.slice(0, 6))) return;
    const level = top.hts.slice(0, 4) !== declared.slice(0, 4) ? 'heading' : 'subheading';
    const dRate = tariff.lookup(declared)?.rates.general?.text;
    const sRate = tariff.lookup(top.hts)?.rates.general?.text;
    const dv = adValorem(dRate);
    const sv = adValorem(sRate);
    const diff = dv !== null && sv !== null ? Math.round((sv - dv) * 100) / 100 : null;
    const rateText =
      diff !== null
        ? `general duty ${sRate} against the declared ${dRate} (${diff >= 0 ? '+' : ''}${diff} points)`
        : `general duty ${sRate ?? 'not stated'} against the declared ${dRate ?? 'not stated'}`;
    out.push({
      code: 'CLASSIFICATION_MISMATCH',
      severity: 'warning',
      path: `lines[${i}].hts`,
      message: `the description reads like ${formatHts(top.hts)} (${top.explanation.path.at(-1) ?? ''}), confidence ${top.score}; declared ${formatHts(declared)}, another ${level}: ${rateText}`,
      details: {
        declared,
        suggested: top.hts,
        confidence: top.score,
        level,
        declared_rate: dRate ?? null,
        suggested_rate: sRate ?? null,
        rate_difference_points: diff,
        model,
        explanation: top.explanation,
      },
    });
  });
  return out;
}
