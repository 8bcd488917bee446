/**
 * The misclassification stage: each line's declared HTS number checked against its description
 * (check.ts) — a warning when the declared code is implausible at the chapter, heading or
 * subheading level, naming the declared and the suggested codes, the declared code's plausibility
 * at each level against its threshold, the evidence (the nearest rulings filed elsewhere, the
 * tariff texts of both codes), the difference in general duty rate and the model version.
 */
import type { Finding } from '../../../kernel/finding.js';
import type { Shipment } from '../../../kernel/shipment.js';
import type { Tariff } from '../../tariff/index.js';
import { formatHts, htsDigits } from '../../../kernel/hts-code.js';
import type { CheckResult, CheckThresholds } from './check.js';

/** An ad valorem general rate as a number of percent ("6.2%" → 6.2, "Free" → 0), else null. */
export function adValorem(text: string | undefined): number | null {
  if (!text) return null;
  const t = text.trim();
  if (/^free$/i.test(t)) return 0;
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  return m ? Number(m[1]) : null;
}

/** Whether a check makes a finding: an implausible number with a suggestion (all the finding reads). */
export function makesFinding(r: CheckResult | null): r is CheckResult & {
  readonly implausibleAt: NonNullable<CheckResult['implausibleAt']>;
  readonly suggested: NonNullable<CheckResult['suggested']>;
} {
  return r !== null && r.implausibleAt !== null && r.suggested !== null;
}

/** What the check is asked of a line — its trimmed description and declared number — or null. */
export function checkedLine(
  line: { readonly description: string; readonly hts: string },
  tariff: Tariff,
): { readonly description: string; readonly declared: string } | null {
  const declared = htsDigits(line.hts);
  // Malformed or unknown numbers are the validation stage's findings.
  if (!/^\d{10}$/.test(declared) || !tariff.isStatistical(declared)) return null;
  const description = line.description.trim();
  return description.length < 3 ? null : { description, declared };
}

export function misclassificationFindings(
  s: Shipment,
  tariff: Tariff | null,
  check: (description: string, declared: string) => CheckResult | null,
  thresholds: CheckThresholds,
  model: string,
): Finding[] {
  if (!tariff) return [];
  const out: Finding[] = [];
  s.lines.forEach((line, i) => {
    const asked = checkedLine(line, tariff);
    if (!asked) return;
    const { description, declared } = asked;
    const r = check(description, declared);
    if (!makesFinding(r)) return;
    const suggested = r.suggested.hts;
    // Each number looked up once (a look-up builds its line's path: objects a warning's filing
    // would otherwise make four times).
    const declaredLine = tariff.lookup(declared);
    const suggestedLine = tariff.lookup(suggested);
    const dRate = declaredLine?.rates.general?.text;
    const sRate = suggestedLine?.rates.general?.text;
    const dv = adValorem(dRate);
    const sv = adValorem(sRate);
    const diff = dv !== null && sv !== null ? Math.round((sv - dv) * 100) / 100 : null;
    const rateText =
      diff !== null
        ? `general duty ${sRate} against the declared ${dRate} (${diff >= 0 ? '+' : ''}${diff} points)`
        : `general duty ${sRate ?? 'not stated'} against the declared ${dRate ?? 'not stated'}`;
    const level = r.implausibleAt;
    const declaredText = declaredLine?.path.map((p) => p.description) ?? [];
    const suggestedText = suggestedLine?.path.map((p) => p.description) ?? [];
    const nearest = r.evidence[0];
    out.push({
      code: 'CLASSIFICATION_MISMATCH',
      severity: 'warning',
      path: `lines[${i}].hts`,
      message:
        `declared ${formatHts(declared)} is implausible for this description at ${level} level ` +
        `(${(100 * r.plausibility[level]).toFixed(2)} % of the model's weight, threshold ${(100 * thresholds[level]).toFixed(2)} %); ` +
        `it reads like ${formatHts(suggested)} (${suggestedText.at(0) ?? ''})` +
        (nearest ? `, as ruled for "${nearest.description.slice(0, 80)}" (${formatHts(nearest.hts)})` : '') +
        `: ${rateText}`,
      details: {
        declared,
        suggested,
        level,
        plausibility: r.plausibility,
        thresholds: {
          chapter: thresholds.chapter,
          heading: thresholds.heading,
          subheading: thresholds.subheading,
        },
        suggested_share: r.suggested.share,
        declared_tariff_text: declaredText,
        suggested_tariff_text: suggestedText,
        evidence: r.evidence.map((e) => ({
          description: e.description,
          hts: e.hts,
          source: e.source,
          ref: e.ref ?? null,
          similarity: e.similarity,
        })),
        rules: r.rules,
        declared_rate: dRate ?? null,
        suggested_rate: sRate ?? null,
        rate_difference_points: diff,
        model,
      },
    });
  });
  return out;
}
