/**
 * The error catalogue: every stable code Tradelane reports, what it means and what to do about it.
 * Findings (of the pipeline stages) carry a severity; problems (with a request, a bulk line, a file or
 * a command) carry a kind, which the HTTP edge alone turns into a status. `docs/errors.md` is
 * generated from this file (`npm run docs:errors`; a test keeps them equal). A code that is not here
 * does not compile: `Problem` and `Finding` take only these codes.
 */

/** What kind of failure a problem is; the HTTP edge maps each kind to one status. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'url_too_long'
  | 'headers_too_large'
  | 'timeout'
  | 'unsupported_media'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface FindingSpec {
  /** As documented: `error`, `warning`, `per policy (warning)`, `nexus`… */
  readonly severity: string;
  readonly meaning: string;
  readonly remedy: string;
}

export interface ProblemSpec {
  readonly kind: ErrorKind;
  /** Raised by commands and configuration only (no HTTP status). */
  readonly cli?: true;
  readonly meaning: string;
  readonly remedy: string;
}

/** One section of the catalogue as documented. */
export interface CatalogueSection {
  readonly title: string;
  readonly intro: string;
  readonly shape: 'finding' | 'problem' | 'cli';
  readonly codes: Readonly<Record<string, FindingSpec | ProblemSpec>>;
  readonly outro?: string;
}

const VALIDATION_FINDINGS = {
  HTS_INVALID_FORMAT: {
    severity: 'error',
    meaning:
      'The HTS number is not 4, 6, 8 or 10 digits, or its punctuation is malformed: one dot or space at most, and only between its groups (`6109.10.00.12`, `6109 10 0012`); not `6109..10.00.12`, `.6109.10` or `6109.10.`.',
    remedy: 'Declare the 10-digit statistical number, e.g. `6109.10.00.12`.',
  },
  HTS_NOT_STATISTICAL: {
    severity: 'error',
    meaning:
      'A heading, subheading or 8-digit line was declared; entries need the 10-digit statistical line. `details.valid_children` lists them (first 50; `count` says how many).',
    remedy: 'Pick one of the listed lines.',
  },
  HTS_UNKNOWN: {
    severity: 'error',
    meaning:
      'The number is not in the HTSUS edition in force on the arrival date. For a 10-digit number, the message lists the lines under its 8-digit parent.',
    remedy: 'Check the number against `tradelane tariff show` / `GET /v1/tariff/{hts}`.',
  },
  HTS_EDITION_NOT_LOADED: {
    severity: 'warning',
    meaning: 'No loaded HTSUS edition is in force on the arrival date; the earliest loaded one was used.',
    remedy: 'Load the edition in force (`refdata import`/`sync`), or check the date.',
  },
  QUANTITY_UNIT_MISSING: {
    severity: 'error',
    meaning:
      'The tariff line reports quantity in units the line does not give (e.g. `doz.` and `kg`). `details.missing` lists them.',
    remedy: 'Add a quantity in each required unit (HTS text or ACE code: `doz.`/`DOZ`).',
  },
  QUANTITY_UNIT_UNEXPECTED: {
    severity: 'warning',
    meaning: 'A quantity is given in a unit the tariff line does not report.',
    remedy: 'Remove it, or check the HTS number.',
  },
  QUANTITY_UNIT_DUPLICATE: {
    severity: 'error',
    meaning: 'The same unit is given twice on a line.',
    remedy: 'Give each unit once.',
  },
  QUANTITY_UNIT_EMPTY: { severity: 'error', meaning: 'A quantity has no unit.', remedy: 'Give the unit.' },
  QUANTITY_NOT_POSITIVE: {
    severity: 'error',
    meaning: 'A quantity is zero, negative or not finite.',
    remedy: 'Give a positive quantity.',
  },
  VALUE_NOT_POSITIVE: {
    severity: 'error',
    meaning: 'A line value is zero or negative. Values are integers in minor units (cents).',
    remedy: 'Give the value in minor units, above zero.',
  },
  CURRENCY_INVALID: {
    severity: 'error',
    meaning: 'Not an active ISO 4217 currency code.',
    remedy: 'Use e.g. `USD`, `EUR`, `CNY`.',
  },
  COUNTRY_INVALID: {
    severity: 'error',
    meaning: 'Not an ISO 3166-1 alpha-2 code on the loaded country list (origin or party address).',
    remedy: 'Use e.g. `CN`, `VN`, `US`.',
  },
  PORT_INVALID: {
    severity: 'error',
    meaning: 'The port of entry is not a 4-digit CBP port code (district + port).',
    remedy: 'Use the Schedule D code, e.g. `2704`.',
  },
  PORT_UNKNOWN: {
    severity: 'warning',
    meaning:
      'A well-formed port code that is not on the loaded port list. The shared list is partial (a republished Schedule D), so an unknown code is not rejected.',
    remedy: 'Check the code; load an official port list to make this stricter.',
  },
  DATE_INVALID: {
    severity: 'error',
    meaning: 'Not a calendar date `YYYY-MM-DD`.',
    remedy: 'Send e.g. `2026-12-01`.',
  },
  DATE_OUT_OF_RANGE: {
    severity: 'error',
    meaning: 'The arrival date is more than 365 days before or after today.',
    remedy: 'Check the date.',
  },
  DATE_ORDER: {
    severity: 'error',
    meaning: 'The export date is after the arrival date.',
    remedy: 'Check both dates.',
  },
  PARTY_MISSING: {
    severity: 'error or warning',
    meaning:
      'A party the shipment type needs is missing: low-value needs the seller or shipper and the consignee; a formal entry needs the importer and the consignee (errors) and should name the manufacturer (warning).',
    remedy: 'Add the party.',
  },
  PARTY_NAME_EMPTY: { severity: 'error', meaning: 'A party has a blank name.', remedy: 'Give the name.' },
  IDENTIFIER_INVALID: {
    severity: 'error',
    meaning:
      "A declared party identifier fails its scheme's format or check digits (LEI ISO 17442 MOD 97-10, GLN GS1 mod 10, DUNS 9 digits, EORI, EIN with an IRS prefix, CBP-assigned `YYDDPP-NNNNN`, MID format). The message says why.",
    remedy: 'Correct the identifier (`tradelane identifier validate SCHEME VALUE`).',
  },
  IDENTIFIER_SCHEME_UNKNOWN: {
    severity: 'warning',
    meaning: 'An identifier of a scheme Tradelane does not know; it is kept, not checked.',
    remedy: 'Use LEI, GLN, DUNS, EORI, EIN, CBP or MID.',
  },
  MID_MISMATCH: {
    severity: 'warning',
    meaning:
      "A declared MID differs from the MID built from the party's name and address by the rules of 19 CFR Part 102 (Appendix). `details` has both.",
    remedy: "Check the MID (`tradelane mid …`) or the party's name and address.",
  },
  PARTY_UNRESOLVABLE: {
    severity: 'warning',
    meaning:
      'A party has no valid identifier and its name has no identifying word (only legal forms, titles or symbols: `LLC`, `N/A`, `???`), so it cannot be tied to an entity of the party registry.',
    remedy: "Give the party's name, or an LEI, DUNS or GLN.",
  },
  DESCRIPTION_EMPTY: {
    severity: 'error',
    meaning: 'A line has a blank description.',
    remedy: 'Describe the goods.',
  },
  DE_MINIMIS_SUSPENDED: {
    severity: 'per policy (warning)',
    meaning:
      'A low-value (Section 321) shipment arrives while duty-free de minimis is suspended for its origin (since 2025-08-29 for all countries, EO 14324). Duties and fees apply. Severity comes from `policy/de-minimis.json`.',
    remedy: 'File an informal or formal entry and pay duties.',
  },
  DE_MINIMIS_EXCEEDED: {
    severity: 'error',
    meaning: "A low-value shipment's total exceeds the de minimis threshold in force on its arrival date.",
    remedy: 'File a formal or informal entry.',
  },
  DE_MINIMIS_UNCHECKED: {
    severity: 'warning',
    meaning: "The threshold could not be checked: line values are not all in the threshold's currency.",
    remedy: 'Declare values in USD, or check the total yourself.',
  },
} as const satisfies Record<string, FindingSpec>;

const PGA_FINDINGS = {
  PGA_DATA_REQUIRED: {
    severity: 'error',
    meaning:
      "A flag requires the agency's PGA message set (e.g. AL2, FD4) and the line has none; a disclaim is not accepted.",
    remedy: "File the agency's message set for the line.",
  },
  PGA_DATA_OR_DISCLAIM: {
    severity: 'warning',
    meaning:
      'A flag says data may be required (FD1, AQ1, DT1…), or the source flags the line without saying which, and the line has neither data nor a disclaim.',
    remedy: 'File the message set if the product is regulated; otherwise disclaim (usually `A`).',
  },
  PGA_DISCLAIM_NOT_ALLOWED: {
    severity: 'error',
    meaning:
      'The disclaim code is not accepted: the flag requires data, the catalogue says no disclaim, or the code belongs to another agency (E: FWS only).',
    remedy: 'Use an allowed code (`details.allowed_disclaims`) or file the data.',
  },
  PGA_DISCLAIM_UNKNOWN: {
    severity: 'error',
    meaning: 'Not a disclaim code of the loaded catalogue.',
    remedy: 'Use A–E as listed for the agency.',
  },
  PGA_DISCLAIM_AND_DATA: {
    severity: 'error',
    meaning: 'A message set and a disclaim for the same agency on one line.',
    remedy: 'Send one of them.',
  },
  PGA_FLAG_UNKNOWN: {
    severity: 'warning',
    meaning: 'The declared flag code is not in the loaded catalogue.',
    remedy: 'Check the flag in ACE.',
  },
  PGA_AGENCY_NOT_FLAGGED: {
    severity: 'warning',
    meaning: 'A declaration for an agency that does not flag the line.',
    remedy: 'Remove it, or check the HTS number.',
  },
  PGA_INFERRED_INTEREST: {
    severity: 'info',
    meaning:
      "No CBP flag is loaded for the number, but its chapter or heading suggests the agency's interest (`policy/pga-inference.json`, with the authority).",
    remedy: 'Check the agency flags in ACE before filing.',
  },
  PGA_PG01_MISSING: {
    severity: 'error',
    meaning:
      'A declaration without its agency program code: a PG01 record is mandatory for any PGA message set, including disclaims (PGA error dictionary).',
    remedy: 'Give `program` (e.g. FDA `FOO`, APHIS `APL`).',
  },
  PGA_PROGRAM_UNKNOWN: {
    severity: 'error',
    meaning: "The program is not one of the agency's in the message-set policy.",
    remedy: 'Use a program listed by `GET /v1/pga/agencies`.',
  },
  PGA_PROCESSING_CODE_UNKNOWN: {
    severity: 'error',
    meaning: 'A processing code the program does not have.',
    remedy: "Use the program's processing codes.",
  },
  PGA_DISCLAIM_CONDITION: {
    severity: 'error',
    meaning: 'An agency-specific disclaim whose condition is not met (F: FDA, entry type 21 only).',
    remedy: 'Disclaim with another code, or file the data.',
  },
  PGA_PRODUCT_CODE_MISSING: {
    severity: 'error',
    meaning: 'The program needs a product code (PG02) and none was sent.',
    remedy: 'Add `message_set.product`.',
  },
  PGA_PRODUCT_QUALIFIER_INVALID: {
    severity: 'error',
    meaning: "The product code qualifier is not the program's (FDA: `FDP`).",
    remedy: "Use the program's qualifier.",
  },
  PGA_PRODUCT_CODE_INVALID: {
    severity: 'error',
    meaning:
      'The product code is not well formed for the program (FDA: 7 characters, industry class subclass PIC product).',
    remedy: 'Correct the product code.',
  },
  PGA_ENTITY_MISSING: {
    severity: 'error',
    meaning: 'An entity role the program requires (PG19–PG21), e.g. FDA food: manufacturer and shipper.',
    remedy: 'Add the entity.',
  },
  PGA_ENTITY_ROLE_UNKNOWN: {
    severity: 'error',
    meaning: 'An entity role the program does not take.',
    remedy: "Use one of the program's roles.",
  },
  PGA_LPCO_MISSING: {
    severity: 'error',
    meaning:
      'A permit or certificate (LPCO) the program requires, e.g. APHIS PPQ: phytosanitary certificate.',
    remedy: 'Add it to `message_set.lpco`.',
  },
  PGA_LPCO_TYPE_UNKNOWN: {
    severity: 'error',
    meaning: 'An LPCO type the program does not take.',
    remedy: "Use one of the program's types.",
  },
  PGA_AFFIRMATION_MISSING: {
    severity: 'error',
    meaning: 'An affirmation of compliance the program requires, e.g. CPSC: the citation.',
    remedy: 'Add it to `message_set.affirmations`.',
  },
  PGA_AFFIRMATION_UNKNOWN: {
    severity: 'error',
    meaning: 'An affirmation code the program does not take.',
    remedy: "Use one of the program's codes.",
  },
  PGA_SPECIES_MISSING: {
    severity: 'error',
    meaning: 'A Lacey declaration without species lines, or a line without genus and country of harvest.',
    remedy: 'Add `message_set.species`.',
  },
  PGA_CONSTITUENT_INVALID: {
    severity: 'error',
    meaning: 'Constituents missing where required, or percentages outside 0–100 or summing over 100.',
    remedy: 'Correct the constituents.',
  },
} as const satisfies Record<string, FindingSpec>;

const CLASSIFICATION_FINDINGS = {
  CLASSIFICATION_MISMATCH: {
    severity: 'warning',
    meaning:
      "The declared code is implausible for the description (the misdeclaration check): its share of the model's weight at chapter, heading or subheading level is under the threshold calibrated when the model was built. `details`: the level, the declared code's plausibility and the thresholds, the suggested code and its share, the evidence (nearest labeled examples filed elsewhere, both codes' tariff texts), both general duty rates and their difference in points, the model version.",
    remedy: 'Check the classification; a ruling request settles doubt.',
  },
  STAGE_FAILED: {
    severity: 'warning',
    meaning:
      'A stage of the pipeline broke on this filing (`details.stage`: validate, identify, pga, screen, ownership, classify). The filing is kept; the risk stage turns this into the `stage_failure` signal and the lane is at least yellow.',
    remedy: 'An officer looks; report the filing to the operators.',
  },
} as const satisfies Record<string, FindingSpec>;

const SCREENING_FINDINGS = {
  SCREENING_HIT: {
    severity: 'warning',
    meaning:
      'A party matches a listed party of a denied-party list (OFAC SDN and non-SDN, CSL, BIS Denied Persons, UN Security Council) at or above the threshold. One finding per listed party: `details` names its primary entry (`list`, `source_id`, `entity_id`), every entry that lists it (`sources`), the matched name, score and its explanation.',
    remedy:
      'An officer reviews it; a false positive is recorded with `POST /v1/screening/decisions` and is not flagged again.',
  },
  SCREENING_HIT_SUPPRESSED: {
    severity: 'info',
    meaning:
      'A hit an officer cleared as a false positive for this party (same data, same listed party): reported, not hidden; it routes nothing. `details` is the match with `suppressed: true` and the `decision` (id, reason, officer, date).',
    remedy: "None; a change of the party's data or of the listed party flags it again.",
  },
  FORCED_LABOR_LIST_HIT: {
    severity: 'warning',
    meaning:
      'A party matches the UFLPA Entity List or a producer named in a CBP Withhold Release Order or Finding.',
    remedy:
      'Goods are presumed made with forced labor (UFLPA) or detained (WRO): prepare an admissibility review or a rebuttal.',
  },
  PARENT_LIST_HIT: {
    severity: 'warning',
    meaning:
      'The party resolves to a registry entity whose direct or ultimate parent (GLEIF ownership) matches a list entry: a list hit on a parent is a signal on its subsidiaries. `details` names the entity, the parent, the link and the matches.',
    remedy: 'An officer reviews the ownership and the hit.',
  },
} as const satisfies Record<string, FindingSpec>;

const REQUEST_PROBLEMS = {
  MALFORMED_JSON: {
    kind: 'invalid',
    meaning: 'The body (or a bulk line) is not JSON, or is empty. `path` gives line and column.',
    remedy: 'Fix the JSON at the place named.',
  },
  INVALID_UTF8: {
    kind: 'invalid',
    meaning:
      'The body (or a bulk line, or a CSV row) is not valid UTF-8; `path` gives the line and byte offset. In a batch only that line is refused.',
    remedy: 'Send UTF-8.',
  },
  FIELD_REQUIRED: {
    kind: 'invalid',
    meaning: 'A required field is missing.',
    remedy: 'Add the field at `path`.',
  },
  TYPE_INVALID: {
    kind: 'invalid',
    meaning: 'A field has the wrong type (e.g. an amount as a string).',
    remedy: 'Send the type the contract says (`/openapi.json`).',
  },
  ENUM_INVALID: {
    kind: 'invalid',
    meaning: 'A value outside its enumeration (`type`, `mode`, party `role`).',
    remedy: 'Use one of the values the message lists.',
  },
  LENGTH_INVALID: {
    kind: 'invalid',
    meaning: 'A string or list is too long or too short (e.g. no lines, over 999 lines).',
    remedy: 'Stay within the limits in the schema.',
  },
  SHAPE_INVALID: { kind: 'invalid', meaning: 'Any other structural problem.', remedy: 'See the message.' },
  FIELD_UNKNOWN: {
    kind: 'invalid',
    meaning:
      'A field the filing contract does not know; the message names it and `path` says where. (What the contract does not model belongs under `extensions`.)',
    remedy: 'Remove the field, fix its spelling, or move it under `extensions` (see `/openapi.json`).',
  },
  EXTENSIONS_TOO_LARGE: {
    kind: 'invalid',
    meaning: 'An `extensions` object is over 4 KiB of JSON.',
    remedy: 'Keep to the data customs needs; send the rest as a document.',
  },
  JSON_TOO_DEEP: {
    kind: 'invalid',
    meaning:
      'A JSON body (or bulk line) nests objects and arrays more than 32 levels deep; nothing of it is stored. `path` gives the line and column.',
    remedy: 'Send the documented shape (a filing nests 7 levels at most).',
  },
  TEXT_NUL: {
    kind: 'invalid',
    meaning:
      'A string holds a NUL character (`\\u0000`, or a NUL byte in CSV), which no store keeps as text. `path` names the string (`reference`, `lines[0].description`), `details` its line and column. In a batch only that line is refused.',
    remedy: 'Remove the character.',
  },
  TEXT_UNPAIRED_SURROGATE: {
    kind: 'invalid',
    meaning:
      'A JSON string holds an unpaired UTF-16 surrogate (an escape `\\ud800`–`\\udfff` without its other half), which is no character: no store could keep it as filed. `path` names the string, `details` its line, column and the escape. In a batch only that line is refused.',
    remedy:
      'Send the character itself (UTF-8) or both halves of its surrogate pair (`\\ud83d\\ude00`); fix the client that split the pair.',
  },
  BODY_TOO_LARGE: {
    kind: 'too_large',
    meaning: 'The body exceeds `TRADELANE_BODY_LIMIT` (1 MiB default).',
    remedy: 'Split it, or send NDJSON to `/v1/shipments:batch`.',
  },
  MEDIA_TYPE_UNSUPPORTED: {
    kind: 'unsupported_media',
    meaning: 'The content type is not `application/json` (or `application/x-ndjson` for a batch).',
    remedy: 'Set `Content-Type`.',
  },
  BODY_INVALID: {
    kind: 'invalid',
    meaning: "The request's framing is broken (e.g. a wrong `Content-Length`).",
    remedy: 'Fix the client.',
  },
  REQUEST_INVALID: { kind: 'invalid', meaning: 'Any other malformed request.', remedy: 'See the message.' },
  URL_TOO_LONG: {
    kind: 'url_too_long',
    meaning:
      'A path parameter (an `{id}`, an `{hts}`…) is longer than 100 characters; the router refuses it before any route runs. `path` is `url`.',
    remedy: 'Send the id the API gave (ids are at most 100 characters).',
  },
  URL_INVALID: {
    kind: 'invalid',
    meaning:
      'A path parameter cannot be decoded (a broken percent-encoding such as `%E0%A4%A`). `path` is `url`.',
    remedy: 'Percent-encode the path as UTF-8.',
  },
  HEADERS_TOO_LARGE: {
    kind: 'headers_too_large',
    meaning:
      "The request line and headers together exceed the server's limit (16 KiB, Node's `--max-http-header-size`); a URL that long is refused the same way. The connection is closed after the answer.",
    remedy: 'Send shorter headers and URL (a body carries long data).',
  },
  REQUEST_TIMEOUT: {
    kind: 'timeout',
    meaning: "The request's headers did not arrive in time; the connection is closed after the answer.",
    remedy: 'Retry; send the headers at once.',
  },
  BATCH_TOO_LARGE: {
    kind: 'too_large',
    meaning:
      'A request lists more items than its route takes at once: 1000 descriptions to classify, 1000 parties to screen or resolve (the limits are in `/openapi.json`).',
    remedy: 'Split the list into several requests.',
  },
  RATE_LIMITED: {
    kind: 'rate_limited',
    meaning:
      'The key called a heavy endpoint (classify, screen, resolve, PGA determine, reports) more often than `TRADELANE_RATE_LIMIT_HEAVY` times a minute. `Retry-After` says when to try again.',
    remedy: 'Wait `Retry-After` seconds; send batches rather than one request per item.',
  },
  QUERY_INVALID: {
    kind: 'invalid',
    meaning: 'A query parameter is out of range (e.g. `limit`).',
    remedy: 'See the message.',
  },
  CURSOR_INVALID: {
    kind: 'invalid',
    meaning:
      'The `cursor` of a list (`GET /v1/shipments`, `GET /v1/queue`) is not one this list gave: garbled, edited, or given by the same list with other filters or for another caller.',
    remedy: 'Start again without `cursor` and follow the `next` of each page, keeping the same filters.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    kind: 'invalid',
    meaning:
      'The `Idempotency-Key` header is longer than 255 characters, or (on a single filing) ends in `#` and digits: that form names a line of a batch (each line of a batch sent with key `K` is filed under `K#<line>`).',
    remedy: 'Use a shorter key (a UUID), without `#<digits>` at its end.',
  },
  IDEMPOTENCY_CONFLICT: {
    kind: 'conflict',
    meaning: 'The `Idempotency-Key` was already used by this tenant for a different body.',
    remedy: 'Use a new key for a new filing; resend the same body to get the first result.',
  },
  LINE_TOO_LARGE: {
    kind: 'invalid',
    meaning: 'A bulk line exceeds `TRADELANE_BATCH_LINE_LIMIT` (1 MiB). The line is skipped, not buffered.',
    remedy: 'Split the shipment or raise the limit.',
  },
  STREAM_TRUNCATED: {
    kind: 'invalid',
    meaning: 'The bulk input broke off; every complete line before it was processed and kept.',
    remedy: 'Resend from the line named.',
  },
  CSV_ROW_INVALID: {
    kind: 'invalid',
    meaning:
      'A CSV row cannot be read (broken quoting, wrong number of columns). A shipment whose rows it interrupts ends there.',
    remedy: 'Fix the row.',
  },
  CSV_INVALID: {
    kind: 'invalid',
    meaning: 'The CSV as a whole cannot be read (e.g. no header).',
    remedy: 'Check the file.',
  },
  UNAUTHENTICATED: {
    kind: 'unauthenticated',
    meaning:
      "No credentials (`Authorization: Bearer KEY`, or the console's session cookie), or a key or session that is unknown, revoked or expired. A revocation takes effect at once, in every process.",
    remedy:
      'Create a key with `tradelane keys create` (an admin can also `POST /v1/keys`); sign in to the console again.',
  },
  FORBIDDEN: {
    kind: 'forbidden',
    meaning:
      "The key's role may not do this: the message names the roles that may (officers do not file; filers see their own tenant; a PGA officer acts on its agency's lines and releases only its agency's holds; analysts read reports).",
    remedy: 'Use a key of a role the message names.',
  },
  CSRF_INVALID: {
    kind: 'forbidden',
    meaning:
      "A request of a console session that changes something (POST, PUT, DELETE) without the session's CSRF token in `x-csrf-token`.",
    remedy: 'Send back the `csrf_token` that `POST /v1/session` or `GET /v1/session` answered.',
  },
  KEY_NOT_FOUND: {
    kind: 'not_found',
    meaning: 'No API key with this id.',
    remedy: 'List the keys (`tradelane keys list`, `GET /v1/keys`).',
  },
  KEY_REVOKED: {
    kind: 'conflict',
    meaning: 'The API key was already revoked; a revoked key cannot be rotated or revoked again.',
    remedy: 'Create a new key.',
  },
  KEY_EXPIRY_INVALID: {
    kind: 'invalid',
    meaning:
      'An expiry that is not an ISO date or instant in the future, or a duration such as `90d`, `12h` or `30m`.',
    remedy: 'Give e.g. `--expires 90d` or `"expires": "2027-03-01"`.',
  },
  SHIPMENT_NOT_FOUND: {
    kind: 'not_found',
    meaning: 'No such shipment, or it belongs to another tenant (never told apart).',
    remedy: 'Check the id and the key.',
  },
  DECISION_NOT_FOUND: {
    kind: 'not_found',
    meaning: 'The filing has no lane decision to show or replay (filed before the risk stage existed).',
    remedy: 'File it again, or read its findings.',
  },
  RULESET_UNKNOWN: {
    kind: 'internal',
    meaning: 'A decision names a rule set (by checksum) that is not stored, so it cannot be replayed.',
    remedy: 'Restore the rule set; `audit verify` checks the log itself.',
  },
  ACTION_INVALID: {
    kind: 'invalid',
    meaning:
      "An officer's action is malformed: unknown type, an exam result without `found`, a document request without documents.",
    remedy: 'Send the action as documented at `/docs`.',
  },
  RELEASE_NEEDS_SECOND_OFFICER: {
    kind: 'conflict',
    meaning:
      'Goods held on a watch-list hit (denied party, UFLPA, WRO) are released by two officers: the first release is recorded as a `release_request`, and the officer who asked cannot also approve it.',
    remedy: 'Another officer releases the filing, with a reason in `note`.',
  },
  ACTION_CONFLICT: {
    kind: 'conflict',
    meaning: 'The filing is already released: nothing more can be done to it.',
    remedy: 'Read its case with `GET /v1/shipments/{id}`.',
  },
  WEBHOOK_URL_INVALID: {
    kind: 'invalid',
    meaning: 'The webhook URL is not an http or https URL.',
    remedy: 'Give the full URL of your endpoint.',
  },
  WEBHOOK_TARGET_REFUSED: {
    kind: 'invalid',
    meaning:
      'The webhook URL names, or resolves to, an address that is not public: loopback, private, link-local or cloud metadata, carrier-grade NAT, unique-local or link-local IPv6, IPv4 inside IPv6, reserved. Checked at registration and again before every delivery (a refused delivery is logged as `refused`, never attempted).',
    remedy:
      'Use a public endpoint. An operator can allow named hosts with `TRADELANE_WEBHOOK_ALLOW_HOSTS` (docs/security.md).',
  },
  WEBHOOK_EVENT_UNKNOWN: {
    kind: 'invalid',
    meaning:
      'An event type other than `shipment.decided`, `shipment.status`, `trusted.status` and `trusted.reminder`.',
    remedy: 'Use those.',
  },
  WEBHOOK_LIMIT_REACHED: {
    kind: 'conflict',
    meaning:
      'Your tenant already has as many active webhooks as allowed (`TRADELANE_WEBHOOKS_PER_TENANT`, default 20; `details.limit`): each one is a POST per event, so they are bounded. Nothing is registered.',
    remedy: 'Delete one you no longer use (`DELETE /v1/webhooks/{id}`); one webhook can take every event.',
  },
  WEBHOOK_DUPLICATE: {
    kind: 'conflict',
    meaning:
      'Your tenant already has an active webhook to this URL for the same events (in any order); a second would post every event to it twice. Nothing is registered.',
    remedy: 'Use the webhook you have (`GET /v1/webhooks`), or delete it first to get a new secret.',
  },
  WEBHOOK_NOT_FOUND: {
    kind: 'not_found',
    meaning: 'No such webhook for your tenant (or it was deleted).',
    remedy: 'List yours with `GET /v1/webhooks`.',
  },
  HTS_NOT_FOUND: {
    kind: 'not_found',
    meaning: 'The HTS number looked up is not in the edition.',
    remedy: 'Search with `GET /v1/tariff?q=`.',
  },
  ROUTE_NOT_FOUND: { kind: 'not_found', meaning: 'No such endpoint.', remedy: 'See `/docs`.' },
  CLASSIFIER_MODEL_UNKNOWN: {
    kind: 'not_found',
    meaning:
      'No classifier model of that version can be rebuilt: one of the inputs it was built from (the tariff edition, a data set snapshot) is no longer loaded.',
    remedy:
      'Replay with the model in force (`GET /v1/classify/model`), or re-import the data set it was built from.',
  },
  CLASSIFICATION_CODE_UNKNOWN: {
    kind: 'invalid',
    meaning:
      "The code given for a classification check or an officer's correction is not a subheading of the edition in force (6 digits at least; 10 for a declared line).",
    remedy: 'Give a code of the edition in force (`GET /v1/tariff?q=`).',
  },
  REFDATA_NOT_READY: {
    kind: 'unavailable',
    meaning:
      'No HTSUS edition is loaded (or a server that just started is still loading its lists and classifier), so nothing can be validated. `/readyz` is 503 too.',
    remedy: '`tradelane refdata import --dir DIR` or `refdata sync`; after a start, wait for `/readyz` 200.',
  },
  SCREENING_NOT_READY: {
    kind: 'unavailable',
    meaning:
      'No watch list is loaded, so nobody can be screened (`/readyz` says `degraded`; filings are still validated, without screening findings).',
    remedy: '`tradelane refdata import --dir DIR` or `refdata sync`.',
  },
  COUNTS_CATCHING_UP: {
    kind: 'unavailable',
    meaning:
      'The report sums counters kept with each filing and decision (ADR 0029); after an upgrade from a version without them, the background recount is still adding the filings or decisions stored before. `details.left` says how many are left.',
    remedy: 'Try again shortly (a `tradelane serve` or `tradelane worker` process runs the recount).',
  },
  SCREENING_ENTRY_UNKNOWN: {
    kind: 'not_found',
    meaning: 'A false-positive decision names a list entry that is not in the lists in force.',
    remedy: 'Use `entity_id` from a screening result.',
  },
  SCREENING_PARTY_UNKNOWN: {
    kind: 'not_found',
    meaning: 'A false-positive decision names a party index the filing does not have.',
    remedy: "Use the index of the finding's path (`parties[i]`).",
  },
  ENTITY_NOT_FOUND: {
    kind: 'not_found',
    meaning: 'No entity with that id in the party registry.',
    remedy: "Use an id from `POST /v1/resolve` or a filing's party links.",
  },
  ALERT_NOT_FOUND: {
    kind: 'not_found',
    meaning: 'No open screening alert with that id for that tenant (unknown, or already acknowledged).',
    remedy: 'List open alerts with `GET /v1/alerts?open=true`.',
  },
  DOCUMENT_NOT_FOUND: {
    kind: 'not_found',
    meaning: "No document with that checksum on that filing (or the filing is another tenant's).",
    remedy: 'List them with `GET /v1/shipments/{id}/documents`.',
  },
  DOCUMENT_TOO_LARGE: {
    kind: 'too_large',
    meaning:
      'The document is larger than `TRADELANE_DOCUMENT_LIMIT` (default 25 MB); refused from its Content-Length, or while streaming. Nothing is stored.',
    remedy: 'Send a smaller file, or split it.',
  },
  DOCUMENT_TYPE_UNSUPPORTED: {
    kind: 'unsupported_media',
    meaning: 'The declared `media_type` is not accepted (PDF, PNG, JPEG, TIFF, XML, JSON).',
    remedy: 'Convert the document.',
  },
  DOCUMENT_TYPE_MISMATCH: {
    kind: 'unsupported_media',
    meaning: 'The bytes are not what `media_type` declares (a PNG sent as a PDF). Nothing is stored.',
    remedy: 'Declare the real type.',
  },
  DOCUMENT_FILENAME_INVALID: {
    kind: 'invalid',
    meaning:
      'The file name is empty, too long, contains a path (`/`, `\\\\`, `..`), control characters or line breaks, bidirectional overrides (U+202A–U+202E, U+2066–U+2069) or half of a surrogate pair. Names in any script are accepted.',
    remedy: 'Send the bare file name.',
  },
  DOCUMENT_CHECKSUM_MISMATCH: {
    kind: 'invalid',
    meaning:
      '`x-content-sha256` is not 64 hex digits, or does not match the bytes received (`details` in the message). Nothing is stored.',
    remedy: 'Resend the file.',
  },
  DOCUMENT_LINE_INVALID: {
    kind: 'invalid',
    meaning: '`line` names a line the filing does not have.',
    remedy: 'Use a line index of the filing.',
  },
  ENTITY_MERGED: {
    kind: 'conflict',
    meaning:
      'The entity was merged into another (`details.merged_into`); it cannot be merged or split again.',
    remedy: 'Work on the surviving entity.',
  },
  ENTITY_MERGE_INVALID: {
    kind: 'invalid',
    meaning: 'An entity was asked to absorb itself.',
    remedy: 'Name two different entities.',
  },
  ENTITY_SPLIT_INVALID: {
    kind: 'invalid',
    meaning: 'None of the listed filing parties is linked to the entity being split.',
    remedy: "List `{shipment_id, party_index}` pairs from the entity's `shipments`.",
  },
  DATABASE_UNAVAILABLE: {
    kind: 'unavailable',
    meaning:
      'The database cannot be reached (PostgreSQL restarting, failing over, or out of connections). Nothing of the request was acknowledged: a filing answered this way is stored at most once, and only if its transaction had committed. `Retry-After` says when to try again; the server reconnects by itself.',
    remedy:
      'Retry after `Retry-After` seconds, with the same `Idempotency-Key` for filings (a retry then cannot file twice).',
  },
  INTERNAL: {
    kind: 'internal',
    meaning:
      'A fault of ours. It is logged with the request id (`x-request-id`); nothing internal is echoed.',
    remedy: 'Report the request id.',
  },
} as const satisfies Record<string, ProblemSpec>;

const TRUSTED_TRADER_PROBLEMS = {
  TT_PROGRAM_INVALID: {
    kind: 'invalid',
    cli: true,
    meaning:
      "The program file (`TRADELANE_TRUSTED_PROGRAM`) does not parse or contradicts itself: an unknown question or tier, a rule that does not fit its question's type, two benefit policies from the same day, a higher tier worth less than a lower one, a tier without benefits. Every problem is listed with its path. The process does not start.",
    remedy: 'Fix the file at the paths named.',
  },
  TT_APPLICATION_INVALID: {
    kind: 'invalid',
    meaning:
      'An application lacks the company (name, country, an identifier filings name the importer by) or answers a question the program does not ask.',
    remedy:
      "Send `{company: {name, country, identifiers}, answers}` with the program's questions (`GET /v1/trusted-traders/program`).",
  },
  TT_ACTION_INVALID: {
    kind: 'invalid',
    meaning:
      'An action body is not `{action, reason?, officer?, questions?, answers?}` or names an unknown action.',
    remedy: 'Use one of the actions listed in the message.',
  },
  TT_MEMBER_NOT_FOUND: {
    kind: 'not_found',
    meaning: 'No member or application with this id (for a filer: of its tenant).',
    remedy: 'Check the id (`ttm_…`).',
  },
  TT_TRANSITION_INVALID: {
    kind: 'conflict',
    meaning:
      "The action is not possible in the member's status (certify an applicant nobody reviewed, reinstate a member who is not suspended, evidence from a removed member, a verdict on a requirement without evidence). The message lists the statuses it is possible from.",
    remedy: 'Take the step before first.',
  },
  TT_REASON_REQUIRED: {
    kind: 'invalid',
    meaning:
      'Denial, suspension, removal and reinstatement need a reason; a request for information needs its questions.',
    remedy: 'Give `reason` (or `questions`).',
  },
  TT_NOT_ELIGIBLE: {
    kind: 'unprocessable',
    meaning:
      'Certification refused: an eligibility rule fails, is unanswered or invalid, or answers contradict each other; `details` lists each.',
    remedy: 'Request information from the applicant, or deny.',
  },
  TT_REQUIREMENTS_UNMET: {
    kind: 'unprocessable',
    meaning:
      'Certification or validation refused because a requirement of the tier has no accepted evidence (`details.unmet`), or a mapping requirement is accepted without a supply-chain map.',
    remedy: 'Review the evidence; store the map.',
  },
  TT_REQUIREMENT_UNKNOWN: {
    kind: 'not_found',
    meaning: 'The program has no such requirement.',
    remedy: 'Use an id from the program.',
  },
  TT_EVIDENCE_INVALID: {
    kind: 'invalid',
    meaning: 'Evidence is not a list of document ids, or a verdict is not `accepted` / `rejected`.',
    remedy: 'Upload to `POST /v1/trusted-traders/{id}/documents`, then cite the ids.',
  },
  TT_CONFLICT: {
    kind: 'conflict',
    meaning: 'The member changed between reading and writing (optimistic version). Nothing was written.',
    remedy: 'Read the member again and repeat.',
  },
  SUPPLY_CHAIN_INVALID: {
    kind: 'invalid',
    meaning:
      'A map does not parse: a node without name, kind, tier or country, a node id twice, an edge to or from an unknown node. `path` names the place; `details.problems` all of them.',
    remedy: 'Fix the map.',
  },
  SUPPLY_CHAIN_CYCLE: {
    kind: 'unprocessable',
    meaning:
      "The map's edges form a cycle; `details.cycle` lists it. A cycle has no tiers: the map is refused.",
    remedy: 'Break the cycle (a supplier does not supply its own supplier).',
  },
  SUPPLY_CHAIN_NOT_FOUND: {
    kind: 'not_found',
    meaning: 'The member has no map for this product.',
    remedy: '`PUT` the map first.',
  },
  SIMULATION_INVALID: {
    kind: 'invalid',
    cli: true,
    meaning: '`tradelane simulate --outcomes FILE` is not a valid outcome model.',
    remedy: 'Fix the field named.',
  },
  JSON_INVALID: {
    kind: 'invalid',
    cli: true,
    meaning: 'A file given to a `tradelane trusted` command is not JSON.',
    remedy: 'Fix the file.',
  },
} as const satisfies Record<string, ProblemSpec>;

const SUPPLY_CHAIN_FINDINGS = {
  SUPPLY_CHAIN_TIER_SKIPPED: {
    severity: 'warning',
    meaning: 'An edge goes from tier n to a tier other than n − 1.',
    remedy: 'Check the tiers.',
  },
  SUPPLY_CHAIN_UNLINKED: {
    severity: 'warning',
    meaning: 'A node supplies no one who reaches the member.',
    remedy: 'Link it or remove it.',
  },
  NEXUS_LIST_HIT: {
    severity: 'nexus',
    meaning:
      'A node matches the UFLPA Entity List or a Withhold Release Order entity; `path` runs from the member down to the node.',
    remedy: 'An applicability review; the evidence pack holds what a rebuttal needs.',
  },
  NEXUS_DENIED_PARTY: {
    severity: 'nexus',
    meaning: 'A node matches a denied-party list (OFAC, BIS, UN, CSL).',
    remedy: 'Screening review.',
  },
  NEXUS_XINJIANG: {
    severity: 'nexus',
    meaning: 'A node is in or names Xinjiang (Latin or Chinese script): the UFLPA presumption applies.',
    remedy: 'Trace the goods; rebut or change the source.',
  },
  NEXUS_WRO_PRODUCT: {
    severity: 'nexus',
    meaning: "A node's material and country fall under a region- or product-wide Withhold Release Order.",
    remedy: 'Trace the material.',
  },
} as const satisfies Record<string, FindingSpec>;

const CLI_PROBLEMS = {
  TENANT_INVALID: {
    kind: 'invalid',
    meaning:
      "A new key's tenant (`keys create --tenant`, `POST /v1/keys`) is not 1–64 letters, digits, `.`, `_` or `-`.",
    remedy: 'Use such an id.',
  },
  ROLE_INVALID: {
    kind: 'invalid',
    meaning:
      "A new key's role is not `filer`, `officer`, `pga_officer`, `analyst` or `admin`; or a `pga_officer` key without its agency, or another role with one.",
    remedy: 'Use one of the roles; give a PGA officer its agency (`--agency FDA`).',
  },
  REFDATA_FORMAT: {
    kind: 'invalid',
    cli: true,
    meaning:
      "A reference file is not in its publisher's format (missing column, bad HTS number, broken CSV/JSON, not UTF-8). The load is recorded as failed; the previous snapshot keeps serving.",
    remedy: 'Check the file named in `refdata status`.',
  },
  LABELED_FORMAT: {
    kind: 'invalid',
    cli: true,
    meaning:
      'A labeled-history file for `tradelane model train --labeled` is neither NDJSON nor CSV with a `description` column and an `hts` or `hts10` column. Nothing is imported.',
    remedy: 'Fix the file as named (file and line).',
  },
  LABELED_DESCRIPTION_MISSING: {
    kind: 'invalid',
    cli: true,
    meaning:
      'A labeled example without a description; the line is skipped, the others load (a file with no usable example is refused).',
    remedy: 'Fill in the description.',
  },
  LABELED_HTS_INVALID: {
    kind: 'invalid',
    cli: true,
    meaning: 'A labeled example whose HTS number is not 6, 8 or 10 digits; the line is skipped.',
    remedy: 'Give the number the goods were classified under.',
  },
  RULESET_INVALID: {
    kind: 'invalid',
    cli: true,
    meaning:
      'A lane rule set (`TRADELANE_RISK_RULES`) is refused at load: not JSON, or a rule or field is wrong — every problem is listed with the rule id and the field path (`rule R-BAD: rules[1].lane: …`), including signals without a weight and duplicate ids. The rule set in force stays.',
    remedy: 'Fix the rule named.',
  },
  MID_UNBUILDABLE: {
    kind: 'invalid',
    cli: true,
    meaning:
      '`tradelane mid` cannot build a MID: no usable name word, no city, a Canadian party without its province, or a name not in Latin letters.',
    remedy: 'Give what the message names.',
  },
  REFDATA_EDITION_UNKNOWN: {
    kind: 'invalid',
    cli: true,
    meaning:
      'The HTSUS file name does not tell the edition (`hts_2026_basic_edition.csv`), and none was configured.',
    remedy: 'Rename it, or set `TRADELANE_HTS_EDITION` and `TRADELANE_HTS_EFFECTIVE_FROM`.',
  },
} as const satisfies Record<string, ProblemSpec>;

/** The document's opening paragraphs. */
export const CATALOGUE_PREAMBLE =
  'Every problem Tradelane reports carries a **stable code**. Codes never change meaning; new ones are\nadded to the catalogue (`packages/platform/src/kernel/errors.ts`, which this page is generated from) in the\nsame change that introduces them: a code that is not in it does not compile. The domain knows no HTTP: each\nproblem has a kind (invalid, not found, conflict…), and the HTTP edge alone turns the kind into a status.\n\nTwo shapes carry codes:\n\n- **Findings** of the pipeline stages, in a filing\'s `findings`: `{"code", "severity", "path", "message", "details"?}`.\n  A finding of severity `error` rejects the filing (`422`, kept and readable); a `warning` does not.\n- **Problems** with a request or a line: `{"code", "message", "path"}` (HTTP `4xx`/`5xx`, or a bulk\n  result line `{"line", "reference"?, "error": {…}}`). `path` says where: a JSON path (`lines[0].hts`),\n  `body, line 3, column 8`, `line 12` of a bulk input, or a header.';

export const CATALOGUE: readonly CatalogueSection[] = [
  { title: 'Findings of the validation stage', intro: '', shape: 'finding', codes: VALIDATION_FINDINGS },
  {
    title: 'Findings of the PGA stage',
    intro:
      "Each line is checked against the partner agencies that flag its HTS number (CBP's flags as loaded\nfrom `cbp-pga-flags/`), or whose interest the tariff suggests (labelled inference, never CBP's flag).\n`details` carries the agency, flags, allowed disclaim codes and the recommendation with its reasons.",
    shape: 'finding',
    codes: PGA_FINDINGS,
  },
  {
    title: 'Findings of the classification stage',
    intro:
      "The HS classifier (see [`classification.md`](classification.md)) checks each line's declared code\nagainst its description and warns when the code is implausible at chapter, heading or subheading\nlevel.",
    shape: 'finding',
    codes: CLASSIFICATION_FINDINGS,
  },
  {
    title: 'Findings of the screening stage',
    intro:
      "Every party of a filing is screened against the watch lists in force; the hits become findings (the\nfiling's `data_versions` name each list snapshot and the thresholds policy used). Both are warnings:\na hit sends the shipment to an officer through the lane decision; it does not make the filing malformed.",
    shape: 'finding',
    codes: SCREENING_FINDINGS,
  },
  { title: 'Problems with a request or a bulk line', intro: '', shape: 'problem', codes: REQUEST_PROBLEMS },
  {
    title: 'The trusted-trader program',
    intro: 'Problems (HTTP status in the second column; the CLI exits with code 2).',
    shape: 'problem',
    codes: TRUSTED_TRADER_PROBLEMS,
  },
  {
    title: 'Findings on a stored supply-chain map',
    intro: 'In `warnings` and `nexus`; the map is kept.',
    shape: 'finding',
    codes: SUPPLY_CHAIN_FINDINGS,
  },
  {
    title: 'CLI and configuration',
    intro: '',
    shape: 'cli',
    codes: CLI_PROBLEMS,
    outro:
      'A wrong setting (`TRADELANE_*`) stops any command before it starts, with exit code 2 and a message naming\nthe setting, what it accepts and what it got. CLI problems exit with code 2 and print `CODE: message (at path)`.',
  },
];

export const FINDINGS = {
  ...VALIDATION_FINDINGS,
  ...PGA_FINDINGS,
  ...CLASSIFICATION_FINDINGS,
  ...SCREENING_FINDINGS,
  ...SUPPLY_CHAIN_FINDINGS,
} as const;
export const PROBLEMS = { ...REQUEST_PROBLEMS, ...TRUSTED_TRADER_PROBLEMS, ...CLI_PROBLEMS } as const;

export type FindingCode = keyof typeof FINDINGS;
export type ProblemCode = keyof typeof PROBLEMS;
/** Any code of the catalogue. A finding's code may also be raised as a problem (e.g. HTS_INVALID_FORMAT). */
export type ErrorCode = FindingCode | ProblemCode;

/** The kind of a code: a problem's own, `invalid` for a finding's code raised as a problem. */
export function kindOf(code: ErrorCode): ErrorKind {
  return (PROBLEMS as Readonly<Record<string, ProblemSpec>>)[code]?.kind ?? 'invalid';
}

/** Whether a string is a code of the catalogue (for codes read back from storage or the wire). */
export const isErrorCode = (code: string): code is ErrorCode => code in FINDINGS || code in PROBLEMS;
