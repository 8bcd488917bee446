import type { FindingCode } from '../../../kernel/errors.js';
import { isCurrency } from '../../../kernel/currencies.js';
import { daysBetween, isValidDate } from '../../../kernel/dates.js';
import { periodsOn } from './de-minimis.js';
import type { Finding, Severity } from '../../../kernel/finding.js';
import { filedHts, formatHts, htsLevel, normalizeHts } from '../../../kernel/hts-code.js';
import { tariffOn, type ReferenceView } from '../../reference/index.js';
import type { PartyRole, Shipment, ShipmentType } from '../../../kernel/shipment.js';
import type { StatisticalLine, Tariff } from '../../tariff/index.js';
import { unitKey } from '../../../kernel/units.js';

export interface ValidationContext {
  readonly ref: ReferenceView;
  /** Today's date (UTC, YYYY-MM-DD), passed in: the domain has no clock. */
  readonly today: string;
}

/** How far from today an arrival date may be before it is not sane. */
export const ARRIVAL_WINDOW_DAYS = { past: 365, future: 365 } as const;
/** At most this many valid children are listed in an HTS_NOT_STATISTICAL finding. */
const MAX_CHILDREN_LISTED = 50;

/**
 * Parties each shipment type requires: every group must be present; a group of several roles is
 * satisfied by any one of them. Severity says whether a missing group rejects the filing.
 */
export const REQUIRED_PARTIES: Record<
  ShipmentType,
  readonly { roles: readonly PartyRole[]; severity: Severity; why: string }[]
> = {
  low_value: [
    {
      roles: ['seller', 'shipper'],
      severity: 'error',
      why: 'Section 321 data requires the seller or shipper',
    },
    {
      roles: ['consignee'],
      severity: 'error',
      why: 'Section 321 data requires the final recipient (consignee)',
    },
  ],
  formal: [
    { roles: ['importer'], severity: 'error', why: 'a formal entry requires the importer of record' },
    { roles: ['consignee'], severity: 'error', why: 'a formal entry requires the ultimate consignee' },
    {
      roles: ['manufacturer'],
      severity: 'warning',
      why: 'the entry summary needs the manufacturer (MID) of each line',
    },
  ],
};

/**
 * The validation stage: a pure function of the shipment and the reference data. Returns every
 * finding at once; a finding of severity "error" rejects the filing.
 */
export function validateShipment(s: Shipment, ctx: ValidationContext): Finding[] {
  const out: Finding[] = [];
  const add = (
    code: FindingCode,
    severity: Severity,
    path: string,
    message: string,
    details?: Record<string, unknown>,
  ) => out.push(details ? { code, severity, path, message, details } : { code, severity, path, message });

  // Dates first: the arrival date picks the tariff edition.
  const arrival = s.transport.arrival_date;
  let arrivalOk = isValidDate(arrival);
  if (!arrivalOk) {
    add(
      'DATE_INVALID',
      'error',
      'transport.arrival_date',
      `"${arrival}" is not a calendar date (YYYY-MM-DD)`,
    );
  } else {
    const d = daysBetween(ctx.today, arrival);
    if (d < -ARRIVAL_WINDOW_DAYS.past || d > ARRIVAL_WINDOW_DAYS.future) {
      arrivalOk = false;
      add(
        'DATE_OUT_OF_RANGE',
        'error',
        'transport.arrival_date',
        `arrival date ${arrival} is ${Math.abs(d)} days ${d < 0 ? 'in the past' : 'in the future'}; ` +
          `accepted: ${ARRIVAL_WINDOW_DAYS.past} days back to ${ARRIVAL_WINDOW_DAYS.future} days ahead of ${ctx.today}`,
      );
    }
  }
  const exp = s.transport.export_date;
  if (exp !== undefined) {
    if (!isValidDate(exp)) {
      add('DATE_INVALID', 'error', 'transport.export_date', `"${exp}" is not a calendar date (YYYY-MM-DD)`);
    } else if (arrivalOk && exp > arrival) {
      add(
        'DATE_ORDER',
        'error',
        'transport.export_date',
        `export date ${exp} is after the arrival date ${arrival}`,
      );
    }
  }

  checkPort(s.transport.port_of_entry, ctx, add);

  // Tariff edition in force on the arrival date (or the earliest loaded, with a warning).
  let tariff: Tariff | null = null;
  if (ctx.ref.tariffs.length > 0) {
    const date = arrivalOk ? arrival : ctx.today;
    tariff = tariffOn(ctx.ref, date);
    if (!tariff) {
      tariff = ctx.ref.tariffs[0]!;
      add(
        'HTS_EDITION_NOT_LOADED',
        'warning',
        'transport.arrival_date',
        `no HTSUS edition in force on ${date} is loaded; checked against ${tariff.info.edition} (in force from ${tariff.info.effectiveFrom})`,
      );
    }
  }

  // Parties.
  const roles = new Set(s.parties.map((p) => p.role));
  for (const req of REQUIRED_PARTIES[s.type]) {
    if (!req.roles.some((r) => roles.has(r))) {
      add('PARTY_MISSING', req.severity, 'parties', `missing ${req.roles.join(' or ')}: ${req.why}`, {
        roles: req.roles,
      });
    }
  }
  s.parties.forEach((p, i) => {
    if (p.name.trim() === '') add('PARTY_NAME_EMPTY', 'error', `parties[${i}].name`, 'a party needs a name');
    if (p.address) checkCountry(p.address.country, `parties[${i}].address.country`, ctx, add);
  });

  // Lines.
  const currencies = new Set<string>();
  let total = 0;
  s.lines.forEach((line, i) => {
    const at = `lines[${i}]`;
    if (line.description.trim() === '')
      add('DESCRIPTION_EMPTY', 'error', `${at}.description`, 'a line needs a description');
    checkCountry(line.origin, `${at}.origin`, ctx, add);
    const stat = checkHts(line.hts, `${at}.hts`, tariff, add);
    checkQuantities(line.quantity, stat, at, add);
    if (line.value.amount <= 0) {
      add(
        'VALUE_NOT_POSITIVE',
        'error',
        `${at}.value.amount`,
        `value must be a positive amount in minor units, got ${line.value.amount}`,
      );
    }
    if (!isCurrency(line.value.currency)) {
      add(
        'CURRENCY_INVALID',
        'error',
        `${at}.value.currency`,
        `"${line.value.currency}" is not an ISO 4217 currency code`,
      );
    } else {
      currencies.add(line.value.currency);
      total += line.value.amount;
    }
  });

  if (s.type === 'low_value' && arrivalOk) checkDeMinimis(s, arrival, currencies, total, ctx, add);
  return out;
}

type Add = (
  code: FindingCode,
  severity: Severity,
  path: string,
  message: string,
  details?: Record<string, unknown>,
) => void;

function checkPort(port: string, ctx: ValidationContext, add: Add): void {
  if (!/^\d{4}$/.test(port)) {
    add(
      'PORT_INVALID',
      'error',
      'transport.port_of_entry',
      `"${port}" is not a 4-digit CBP port code (district + port)`,
    );
    return;
  }
  // The loaded port list is partial (see docs/errors.md): an unknown code is a warning, not a reject.
  if (ctx.ref.ports && !ctx.ref.ports.has(port)) {
    add('PORT_UNKNOWN', 'warning', 'transport.port_of_entry', `port ${port} is not on the loaded port list`);
  }
}

function checkCountry(code: string, path: string, ctx: ValidationContext, add: Add): void {
  const known = ctx.ref.countries ? ctx.ref.countries.has(code) : /^[A-Z]{2}$/.test(code);
  if (!known) add('COUNTRY_INVALID', 'error', path, `"${code}" is not an ISO 3166-1 alpha-2 country code`);
}

/** The tariff line of a valid statistical number, or null (with the findings that say why). */
function checkHts(raw: string, path: string, tariff: Tariff | null, add: Add): StatisticalLine | null {
  const code = filedHts(raw);
  if (code === null) {
    add(
      'HTS_INVALID_FORMAT',
      'error',
      path,
      normalizeHts(raw) === null
        ? `"${raw}" is not an HTS number (10 digits, dots optional)`
        : `"${raw}" is not an HTS number as written: one dot or space at most, and only between its groups (6109.10.00.12)`,
    );
    return null;
  }
  if (!tariff) return null;
  const edition = tariff.info.edition;
  if (htsLevel(code) !== 'statistical') {
    const children = tariff.statisticalUnder(code);
    if (tariff.has(code) || children.length > 0) {
      add(
        'HTS_NOT_STATISTICAL',
        'error',
        path,
        `${formatHts(code)} is a ${htsLevel(code)!.replace('_', ' ')}; declare one of its ${children.length} ten-digit statistical lines`,
        { valid_children: children.slice(0, MAX_CHILDREN_LISTED), count: children.length },
      );
    } else {
      add('HTS_UNKNOWN', 'error', path, `${formatHts(code)} does not exist in the HTSUS ${edition}`);
    }
    return null;
  }
  const stat = tariff.statisticalLine(code);
  if (!stat) {
    const siblings = tariff.statisticalUnder(code.slice(0, 8));
    add(
      'HTS_UNKNOWN',
      'error',
      path,
      `${formatHts(code)} is not a statistical line of the HTSUS ${edition}` +
        (siblings.length > 0
          ? `; lines under ${formatHts(code.slice(0, 8))}: ${siblings.map(formatHts).join(', ')}`
          : ''),
      siblings.length > 0 ? { valid_children: siblings.slice(0, MAX_CHILDREN_LISTED) } : undefined,
    );
    return null;
  }
  return stat;
}

function checkQuantities(
  quantity: readonly { value: number; unit: string }[],
  stat: StatisticalLine | null,
  at: string,
  add: Add,
): void {
  const given: string[] = []; // unit keys in order; a line has at most a handful
  for (let j = 0; j < quantity.length; j++) {
    const q = quantity[j]!;
    const key = unitKey(q.unit);
    if (!Number.isFinite(q.value) || q.value <= 0) {
      add(
        'QUANTITY_NOT_POSITIVE',
        'error',
        `${at}.quantity[${j}].value`,
        `quantity must be positive, got ${q.value}`,
      );
    }
    if (key === null) {
      add('QUANTITY_UNIT_EMPTY', 'error', `${at}.quantity[${j}].unit`, 'a quantity needs a unit');
      given.push('');
    } else if (given.includes(key)) {
      add('QUANTITY_UNIT_DUPLICATE', 'error', `${at}.quantity[${j}].unit`, `unit ${q.unit} is given twice`);
      given.push('');
    } else {
      given.push(key);
    }
  }
  if (stat === null) return;
  const required = stat.requiredUnits;
  let missing: string[] | null = null;
  for (const u of required) if (!given.includes(u)) (missing ??= []).push(u);
  const units = stat.row.units;
  if (missing) {
    add(
      'QUANTITY_UNIT_MISSING',
      'error',
      `${at}.quantity`,
      `this tariff line reports quantity in ${units.join(' and ')}; missing ${missing.join(', ')}`,
      { required: units, missing },
    );
  }
  for (let j = 0; j < given.length; j++) {
    const key = given[j]!;
    if (key === '' || required.includes(key)) continue;
    add(
      'QUANTITY_UNIT_UNEXPECTED',
      'warning',
      `${at}.quantity[${j}].unit`,
      required.length > 0
        ? `this tariff line reports quantity in ${units.join(' and ')}, not ${key}`
        : `this tariff line has no unit of quantity; ${key} is not reported`,
    );
  }
}

function checkDeMinimis(
  s: Shipment,
  arrival: string,
  currencies: ReadonlySet<string>,
  total: number,
  ctx: ValidationContext,
  add: Add,
): void {
  const periods = periodsOn(ctx.ref.deMinimis, arrival);
  const origins = new Set(s.lines.map((l) => l.origin));
  for (const p of periods) {
    const suspended =
      p.suspended_origins === '*'
        ? [...origins]
        : [...origins].filter((o) => p.suspended_origins.includes(o));
    if (suspended.length > 0) {
      add(
        'DE_MINIMIS_SUSPENDED',
        p.suspended_severity,
        'type',
        `duty-free de minimis release is suspended on ${arrival} for origin ${suspended.join(', ')} (${p.authority}); ` +
          'duties and fees apply and the goods need an informal or formal entry',
        { policy: ctx.ref.deMinimis.version, from: p.from },
      );
      return;
    }
  }
  const threshold = periods.find((p) => p.threshold)?.threshold;
  if (threshold && currencies.size === 1 && currencies.has(threshold.currency) && total > threshold.amount) {
    add(
      'DE_MINIMIS_EXCEEDED',
      'error',
      'lines',
      `total value ${total} exceeds the de minimis threshold of ${threshold.amount} ${threshold.currency} minor units`,
      { total, threshold: threshold.amount },
    );
  } else if (
    threshold &&
    (currencies.size > 1 || (currencies.size === 1 && !currencies.has(threshold.currency)))
  ) {
    add(
      'DE_MINIMIS_UNCHECKED',
      'warning',
      'lines',
      `the de minimis threshold is in ${threshold.currency}; values in ${[...currencies].join(', ')} were not converted`,
    );
  }
}
