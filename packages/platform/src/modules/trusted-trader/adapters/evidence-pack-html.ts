/** An evidence pack as a printable HTML page (self-contained: no scripts, no external assets). */
const esc = (v: unknown) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

interface Pack {
  readonly generated_at: string;
  readonly program: string;
  readonly program_version: string;
  readonly member: {
    readonly id: string;
    readonly company: { readonly name: string; readonly country: string };
    readonly status: string;
  };
  readonly product: string;
  readonly hts: string | null;
  readonly supply_chain: {
    readonly nodes: readonly {
      id: string;
      name: string;
      kind: string;
      tier: number;
      country: string;
      region?: string | undefined;
      material?: string | undefined;
      entity?: string | undefined;
    }[];
    readonly edges: readonly { from: string; to: string }[];
  };
  readonly nexus: {
    readonly checked_at: string;
    readonly lists: readonly string[];
    readonly clean: boolean;
    readonly findings: readonly {
      code: string;
      tier: number;
      name: string;
      path: readonly string[];
      message: string;
    }[];
  };
  readonly requirements: readonly {
    id: string;
    title: string;
    status: string;
    evidence: readonly string[];
    reviewer?: string | undefined;
  }[];
  readonly documents: readonly { id: string; type: string; name: string; sha256: string; size: number }[];
}

export function evidencePackHtml(p: Pack): string {
  const rows = <T>(xs: readonly T[], f: (x: T) => string) => xs.map(f).join('\n');
  const tiers = [...new Set(p.supply_chain.nodes.map((n) => n.tier))].sort((a, b) => a - b);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evidence pack — ${esc(p.member.company.name)} — ${esc(p.product)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#111}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
.clean{color:#155724}.hit{color:#8a1c1c;font-weight:600}code{font-size:12px}@media print{body{margin:0}}
</style></head><body>
<h1>Forced-labor evidence pack</h1>
<p>${esc(p.program)} (${esc(p.program_version)}) · generated ${esc(p.generated_at)}</p>
<table><tr><th>Member</th><td>${esc(p.member.company.name)} (${esc(p.member.company.country)}) · <code>${esc(p.member.id)}</code> · ${esc(p.member.status)}</td></tr>
<tr><th>Product</th><td>${esc(p.product)}${p.hts ? ` · HTS ${esc(p.hts)}` : ''}</td></tr></table>
<h2>Nexus check</h2>
<p class="${p.nexus.clean ? 'clean' : 'hit'}">${p.nexus.clean ? 'No nexus found in any tier.' : `${p.nexus.findings.length} finding(s).`} Checked ${esc(p.nexus.checked_at)} against ${esc(p.nexus.lists.join(', ') || 'no lists')}.</p>
${
  p.nexus.findings.length
    ? `<table><tr><th>Finding</th><th>Tier</th><th>Node</th><th>Path from the member</th><th>Why</th></tr>
${rows(p.nexus.findings, (f) => `<tr><td>${esc(f.code)}</td><td>${f.tier}</td><td>${esc(f.name)}</td><td>${esc(f.path.join(' ← '))}</td><td>${esc(f.message)}</td></tr>`)}</table>`
    : ''
}
<h2>Supply chain (${p.supply_chain.nodes.length} nodes, tiers ${tiers.join(', ')})</h2>
<table><tr><th>Tier</th><th>Node</th><th>Kind</th><th>Country / region</th><th>Material</th><th>Supplies</th><th>Registry entity</th></tr>
${rows(
  [...p.supply_chain.nodes].sort((a, b) => a.tier - b.tier),
  (n) =>
    `<tr><td>${n.tier}</td><td>${esc(n.name)} <code>${esc(n.id)}</code></td><td>${esc(n.kind)}</td><td>${esc(n.country)}${n.region ? ` / ${esc(n.region)}` : ''}</td><td>${esc(n.material)}</td><td>${esc(
      p.supply_chain.edges
        .filter((e) => e.from === n.id)
        .map((e) => e.to)
        .join(', '),
    )}</td><td><code>${esc(n.entity)}</code></td></tr>`,
)}
</table>
<h2>Requirements</h2>
<table><tr><th>Requirement</th><th>Status</th><th>Evidence</th><th>Reviewer</th></tr>
${rows(p.requirements, (r) => `<tr><td>${esc(r.title)}</td><td>${esc(r.status)}</td><td>${esc(r.evidence.join(', '))}</td><td>${esc(r.reviewer)}</td></tr>`)}
</table>
<h2>Documents</h2>
<table><tr><th>Document</th><th>Type</th><th>SHA-256</th><th>Bytes</th></tr>
${rows(p.documents, (d) => `<tr><td>${esc(d.name)} <code>${esc(d.id)}</code></td><td>${esc(d.type)}</td><td><code>${esc(d.sha256)}</code></td><td>${d.size}</td></tr>`)}
</table>
</body></html>
`;
}
