/** `tradelane decisions show|replay`, `tradelane rules check`, `tradelane audit verify`. */
import type { Command } from 'commander';
import type { Crypto } from '../../kernel/ports.js';
import { Problem } from '../../kernel/problem.js';
import type { CommandKit } from '../../platform/cli/command-kit.js';
import { loadRuleSet } from './adapters/risk-policy.js';
import { replayDecision, verifyChain, type AuditStore } from './audit.js';
import type { RiskService } from './risk-service.js';

export interface RiskCommandServices {
  readonly store: AuditStore;
  readonly risk: RiskService;
  readonly crypto: Crypto;
}

export function registerRiskCommands(program: Command, kit: CommandKit<RiskCommandServices>): void {
  const { out } = kit;
  const decisions = program.command('decisions').description('lane decisions: show, replay');
  decisions
    .command('show')
    .description("a filing's decisions, oldest first, with their chain links")
    .argument('<shipment>', 'shipment id')
    .action(async (id: string) => {
      await kit.run(
        async (s) => {
          const links = await s.store.decisions.forShipment(id);
          if (links.length === 0) {
            if (!(await s.store.shipments.get(id, null)))
              throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${id}`, 'id');
            throw new Problem('DECISION_NOT_FOUND', `shipment ${id} has no lane decision`, 'id');
          }
          for (const l of links) out(JSON.stringify({ seq: l.seq, hash: l.hash, ...JSON.parse(l.record) }));
        },
        { screening: false },
      );
    });
  decisions
    .command('replay')
    .description('recompute a decision from its recorded inputs and rule set; exit 1 when it differs')
    .argument('<shipment>', 'shipment id')
    .action(async (id: string) => {
      await kit.run(async (s) => {
        const r = await replayDecision(s.store, s.risk, id);
        out(
          JSON.stringify({
            shipment: r.shipment,
            seq: r.seq,
            same: r.same,
            lane: { recorded: r.recorded.lane, replayed: r.replayed.lane },
            score: { recorded: r.recorded.score, replayed: r.replayed.score },
            differences: r.differences,
            notes: r.notes,
          }),
        );
        if (!r.same) process.exitCode = 1;
      });
    });

  program
    .command('rules')
    .description('lane rule sets')
    .command('check')
    .description(
      'validate a rule set file: exit 0 when it would be accepted, 2 with every problem (rule and field) when not',
    )
    .argument('[file]', 'the rule set (default: TRADELANE_RISK_RULES or the shipped one)')
    .action((file?: string) => {
      const configured = kit.setting('TRADELANE_RISK_RULES');
      const r = loadRuleSet(file ?? (typeof configured === 'string' ? configured : undefined));
      out(JSON.stringify({ version: r.ruleSet.version, sha256: r.sha256, rules: r.ruleSet.rules.length }));
    });

  program
    .command('audit')
    .description('the decision log')
    .command('verify')
    .description(
      'walk the hash chain of decisions; exit 1 at the first link that was edited, removed or inserted',
    )
    .action(async () => {
      await kit.run(
        async (s) => {
          const r = await verifyChain(s.store, s.crypto);
          out(JSON.stringify(r));
          if (!r.ok) process.exitCode = 1;
        },
        { reference: false },
      );
    });
}
