import type { Generated } from 'kysely';

/** Table types shared by both dialects (JSON columns are stored as text). */
export interface Database {
  refdata_snapshots: {
    id: string;
    dataset: string;
    source: string;
    edition: string | null;
    effective_from: string | null;
    as_of: string;
    sha256: string;
    row_counts: string;
    status: string;
    error: string | null;
    notes: string | null;
    created_at: string;
  };
  refdata_documents: { snapshot_id: string; body: string };
  decisions: {
    seq: number | string;
    shipment_id: string;
    revision: number;
    tenant: string;
    lane: string;
    score: number;
    record: string;
    prev_hash: string;
    hash: string;
    created_at: string;
  };
  decision_head: { id: number; seq: number | string; hash: string };
  rule_sets: { sha256: string; version: string; body: string; created_at: string };
  webhooks: {
    id: string;
    tenant: string;
    url: string;
    secret: string;
    events: string;
    created_at: string;
    deleted_at: string | null;
  };
  webhook_deliveries: {
    id: Generated<number>;
    webhook_id: string;
    event_id: string;
    payload: string;
    attempts: number;
    next_at: string;
    status: string;
    last_error: string | null;
    created_at: string;
    delivered_at: string | null;
  };
  documents: {
    id: string;
    tenant: string;
    shipment_id: string;
    line_index: number | null;
    agency: string | null;
    doc_type: string;
    media_type: string;
    filename: string;
    sha256: string;
    size: number;
    created_at: string;
  };
  watchlist_entries: { snapshot_id: string; seq: number; entry_id: string; body: string };
  screening_decisions: {
    id: string;
    tenant: string;
    party_key: string;
    entry_id: string;
    entry_hash: string;
    decision: string;
    reason: string;
    officer: string;
    created_at: string;
  };
  screened_parties: {
    tenant: string;
    party_key: string;
    party: string;
    seen_in: string;
    hits: string;
    lists_key: string;
    screened_at: string;
  };
  screening_alerts: {
    id: string;
    tenant: string;
    party_key: string;
    party: string;
    seen_in: string;
    entry_id: string;
    list: string;
    score: number;
    matched_name: string;
    lists_key: string;
    created_at: string;
    acknowledged_at: string | null;
  };
  entities: {
    id: string;
    name: string;
    other_names: string;
    address: string;
    identifiers: string;
    source: string;
    merged_into: string | null;
    updated_at: string;
  };
  entity_links: { child: string; parent: string; type: string; source: string; since: string | null };
  /** SQLite numbers its rows (`link`, migration 0023); PostgreSQL's rows have no number. */
  party_links: {
    shipment_id: string;
    party_index: number;
    tenant: string;
    entity_id: string;
    role: string;
    confidence: number;
    method: string;
    reasons: string;
    at: string;
  };
  /** SQLite only (migration 0023): the party links by entity, brought up to date in sweeps (ADR 0044). */
  party_links_by_entity: { entity_id: string; link: number };
  /** SQLite only (migration 0024): the party links by entity and tenant, swept with the above. */
  party_links_by_entity_tenant: { entity_id: string; tenant: string; link: number };
  /** SQLite only (migration 0023): the last link the sweeps have put in party_links_by_entity. */
  party_links_indexed: { id: number; through: number };
  entity_audit: {
    id: string;
    entity_id: string;
    action: string;
    officer: string;
    reason: string;
    details: string;
    at: string;
  };
  hts_entries: {
    snapshot_id: string;
    seq: number;
    code: string;
    indent: number;
    description: string;
    units: string;
    general: string;
    special: string;
    column2: string;
    additional: string;
  };
  ref_codes: { snapshot_id: string; code: string; name: string };
  api_keys: {
    id: string;
    tenant: string;
    role: string;
    agency: string | null;
    label: string | null;
    key_hash: string;
    created_at: string;
    expires_at: string | null;
    revoked_at: string | null;
  };
  rate_limits: { bucket: string; window_ends: number | string; n: number };
  sessions: {
    id: string;
    token_hash: string;
    key_id: string;
    csrf: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
  };
  shipments: {
    id: string;
    tenant: string;
    reference: string;
    type: string;
    status: string;
    revision: number;
    arrival_date: string;
    body: string;
    findings: string;
    /** Key of the row in version_sets: the data versions the filing was checked with. */
    versions: string;
    idempotency_key: string | null;
    request_hash: string | null;
    created_at: string;
    /** The automated decision's lane (null: rejected, or no risk stage); written with the filing. */
    lane: string | null;
    /** The port of entry as filed (null when absent). */
    port: string | null;
  };
  /** Filings per UTC day, lane and port ('' when absent), added to with each filing (0017). */
  filing_counts: { day: string; lane: string; port: string; n: number };
  /** What filings added to a stage's counters, per tenant ('' = all tenants), UTC day and key (0019). */
  stage_counts: { stage: string; tenant: string; day: string; key: string; n: number | string };
  /** Per UTC day and rule: decisions it selected, exam results answering them, finds (0019). */
  rule_counts: {
    day: string;
    rule: string;
    selected: number | string;
    exams: number | string;
    found: number | string;
  };
  /** Filings stored before 0019 whose stage counts the recount has yet to add. */
  count_backlog: { shipment_id: string };
  /** The part of the decision log stored before 0019 not yet in rule_counts: seq in (after_seq, upto_seq]. */
  rule_backlog: { id: number; after_seq: number | string; upto_seq: number | string };
  version_sets: { key: string; json: string };
  tt_members: {
    id: string;
    tenant: string;
    status: string;
    body: string;
    version: number;
    applied_at: string;
    updated_at: string;
  };
  tt_events: {
    seq: Generated<number>;
    member_id: string;
    at: string;
    actor: string;
    action: string;
    from_status: string | null;
    to_status: string;
    reason: string | null;
    details: string;
  };
  tt_supply_chains: {
    member_id: string;
    product: string;
    body: string;
    warnings: string;
    nexus: string;
    checked_at: string;
    lists: string;
    updated_at: string;
  };
  classification_corrections: {
    seq: Generated<number>;
    id: string;
    tenant: string;
    description: string;
    declared: string | null;
    hts: string;
    decision: string;
    reason: string;
    officer: string;
    shipment_id: string | null;
    line: number | null;
    model: string | null;
    created_at: string;
  };
  benefit_ledger: {
    seq: Generated<number>;
    shipment_id: string;
    revision: number;
    tenant: string;
    decided_at: string;
    period: string;
    member_id: string | null;
    tier: string | null;
    chapter: string;
    origin: string;
    port: string;
    band: number;
    lane: string;
    counterfactual: string | null;
    exam: number;
    held: number;
    released_at: string | null;
    release_hours: number | null;
  };
  /** The ledger's rows with seq up to `upto` are in the cells (ADR 0033; PostgreSQL: all). */
  benefit_folded: { id: number; upto: number | string };
  /** The benefit report's cells (ADR 0033). */
  benefit_cells: {
    period: string;
    member: string;
    tier: string;
    chapter: string;
    origin: string;
    port: string;
    band: number;
    n: number | string;
    exams: number | string;
    holds: number | string;
    exams_avoided: number | string;
    holds_avoided: number | string;
    released: number | string;
    hours_sum: number;
    hours_sum2: number;
  };
  /** Release hours other than 0 and how many decisions took them: per cell (non-members), per member and tier. */
  benefit_hours: {
    period: string;
    member: string;
    tier: string;
    chapter: string;
    origin: string;
    port: string;
    band: number;
    hours: number;
    n: number | string;
  };
  outbox: {
    id: Generated<number>;
    topic: string;
    msg_key: string;
    payload: string;
    created_at: string;
    published_at: string | null;
    /** A relay's claim: hidden from other relays until then. */
    claimed_until: string | null;
  };
  /** Document bytes in the database, named by SHA-256 once complete (migration 0014). */
  blobs: { sha256: string; upload_id: string; size: number; created_at: string };
  blob_chunks: { upload_id: string; seq: number; data: Uint8Array; created_at: string };
  /** Shared risk counters: per scope (capacity, parcels), key and UTC day. */
  risk_counters: {
    scope: string;
    key: string;
    day: string;
    n: number;
  };
}
