/** The trusted-trader program file: eligibility, requirements, benefit policies, costs. */
import { readFileSync } from 'node:fs';
import { Problem } from '../../../kernel/problem.js';
import { sha256Hex, shippedPolicy } from '../../../platform/policy/policy-file.js';
import { parseProgram } from '../domain/program.js';
import type { LoadedProgram } from '../trusted-trader-service.js';

/** The shipped trusted-trader program (CTPAT Trade Compliance), or another file. */
export const DEFAULT_TRUSTED_PROGRAM = shippedPolicy('trusted-trader-program.json');

/** A program as loaded: parsed and checked, with its checksum (recorded with the members' events). */
export function loadProgram(file: URL | string = DEFAULT_TRUSTED_PROGRAM): LoadedProgram {
  const text = readFileSync(file, 'utf8');
  return parseProgramText(text, String(file));
}

export function parseProgramText(text: string, name: string): LoadedProgram {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Problem('TT_PROGRAM_INVALID', `${name}: not JSON (${(e as Error).message})`);
  }
  const r = parseProgram(json);
  if (!r.ok) {
    throw new Problem(
      'TT_PROGRAM_INVALID',
      `${name}: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      r.problems[0]!.path,
      { problems: r.problems },
    );
  }
  return { program: r.program, sha256: sha256Hex(text) };
}
