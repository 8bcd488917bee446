import { capDecision, type Decision } from './domain/decide.js';
import { parseRuleSet } from './domain/policy.js';
import type { DecisionRecord } from './domain/record.js';
import type { Shipment } from '../../kernel/shipment.js';
import { Problem } from '../../kernel/problem.js';
import type { Crypto } from '../../kernel/ports.js';
import { chainText, GENESIS } from './repository.js';
import type { DecisionRepository } from './repository.js';
import type { ShipmentRepository } from '../filing/index.js';
import type { RiskService } from './risk-service.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface AuditStore {
  readonly decisions: DecisionRepository;
  readonly shipments: ShipmentRepository;
}

export interface ChainReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { readonly seq: number; readonly hash: string };
  /** The first broken link, when there is one. */
  readonly broken: { readonly seq: number; readonly reason: string } | null;
}

/**
 * Walks the decision chain from the start: every link must follow the previous one, carry its
 * hash, and hash to what it says; the head must be the last link. Any edit, removal or insertion
 * shows as the first link where this fails.
 */
export async function verifyChain(store: AuditStore, crypto: Crypto, pageSize = 5000): Promise<ChainReport> {
  const head = await store.decisions.head();
  let prev = GENESIS;
  let seq = 0;
  let checked = 0;
  for (;;) {
    const page = await store.decisions.chain(seq, pageSize);
    if (page.length === 0) break;
    for (const d of page) {
      const fail = (reason: string): ChainReport => ({
        ok: false,
        checked,
        head,
        broken: { seq: d.seq, reason },
      });
      if (d.seq !== seq + 1) return fail(`link ${seq + 1} is missing (next is ${d.seq})`);
      if (d.prevHash !== prev) return fail('does not point at the previous link');
      if (crypto.sha256(chainText(prev, d.seq, d)) !== d.hash)
        return fail('its content does not hash to its hash');
      prev = d.hash;
      seq = d.seq;
      checked++;
    }
  }
  if (head.seq !== seq || head.hash !== prev) {
    return {
      ok: false,
      checked,
      head,
      broken: { seq: head.seq, reason: `the head says link ${head.seq}, the chain ends at ${seq}` },
    };
  }
  return { ok: true, checked, head, broken: null };
}

export interface ReplayReport {
  readonly shipment: string;
  readonly seq: number;
  readonly recorded: Decision;
  readonly replayed: Decision;
  readonly same: boolean;
  readonly differences: readonly string[];
  readonly notes: readonly string[];
}

const brief = (d: Decision) => ({
  lane: d.lane,
  score: d.score,
  signals: d.signals.map((s) => `${s.code}@${s.path}:${s.weight}`).sort(),
  rules: d.rules.map((r) => r.id),
  holds: d.holds,
  random: d.random.selected,
  capped: d.capped?.from ?? null,
});

/**
 * Recomputes a filing's automated decision from what was recorded — the filing and its findings as
 * stored, the measured inputs, the rule set by its checksum — and shows any difference.
 */
export async function replayDecision(
  store: AuditStore,
  risk: RiskService,
  shipmentId: string,
): Promise<ReplayReport> {
  const s = await store.shipments.get(shipmentId, null);
  if (!s) throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${shipmentId}`, 'id');
  const links = (await store.decisions.forShipment(shipmentId)).filter(
    (d) => !(JSON.parse(d.record) as DecisionRecord).action,
  );
  const link = links[links.length - 1];
  if (!link) throw new Problem('DECISION_NOT_FOUND', `shipment ${shipmentId} has no lane decision`, 'id');
  const recorded = JSON.parse(link.record) as DecisionRecord;
  const text = await store.decisions.ruleSet(recorded.rule_set_sha256);
  if (text === null) {
    throw new Problem(
      'RULESET_UNKNOWN',
      `rule set ${recorded.rule_set_sha256.slice(0, 12)} is not stored`,
      'rule_set',
    );
  }
  const parsed = parseRuleSet(JSON.parse(text));
  if (!parsed.ok)
    throw new Problem('RULESET_INVALID', `the stored rule set ${recorded.rule_set} no longer validates`);
  const notes: string[] = [];
  if (recorded.risk_data !== risk.data.version) {
    notes.push(`risk data ${recorded.risk_data} was used; replayed with ${risk.data.version}`);
  }
  let replayed: Decision = risk.verdict(
    parsed.ruleSet,
    s.id,
    s.shipment as Shipment,
    s.findings,
    recorded.inputs,
  );
  if (recorded.capped && replayed.lane === recorded.capped.from) {
    replayed = capDecision(replayed, recorded.lane, recorded.capped.port, recorded.capped.per_day);
  }
  if (recorded.failure) notes.push(`the recorded decision is a stage failure: ${recorded.failure}`);
  const a = brief(recorded);
  const b = brief(replayed);
  const differences = (Object.keys(a) as (keyof typeof a)[])
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k}: recorded ${JSON.stringify(a[k])}, replayed ${JSON.stringify(b[k])}`);
  return {
    shipment: s.id,
    seq: link.seq,
    recorded,
    replayed,
    same: differences.length === 0,
    differences,
    notes,
  };
}
