/**
 * A filing's documents: the list (type, file, agency, size, checksum) and, for the filer, an upload.
 * The bytes go as application/octet-stream (fetch, not the typed client: the body is a file); the
 * API checks them against the media type and keeps them content-addressed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, type FormEvent } from 'react';
import { ApiError, api, csrfToken, must } from '../api/client';
import { can, useSession } from '../session';
import { Empty, ErrorBox, Loading, fmtDate, fmtNum } from '../ui';

const TYPES = ['invoice', 'packing_list', 'certificate', 'permit', 'supply_chain_map', 'other'];

export function Documents({ id }: { id: string }) {
  const session = useSession();
  const qc = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const docs = useQuery({
    queryKey: ['documents', id],
    queryFn: async () =>
      must(await api.GET('/v1/shipments/{id}/documents', { params: { path: { id } } })).documents,
  });
  const upload = useMutation({
    mutationFn: async ({ file, type, agency }: { file: File; type: string; agency: string }) => {
      const q = new URLSearchParams({
        media_type: file.type || 'application/octet-stream',
        filename: file.name,
        type,
        ...(agency ? { agency } : {}),
      });
      const token = csrfToken();
      const r = await fetch(`/v1/shipments/${encodeURIComponent(id)}/documents?${q.toString()}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/octet-stream', ...(token ? { 'x-csrf-token': token } : {}) },
        body: file,
      });
      const body = (await r.json()) as { code?: string; message?: string; path?: string };
      if (!r.ok)
        throw new ApiError(r.status, body.code ?? `HTTP_${r.status}`, body.message ?? '', body.path ?? '');
      return body;
    },
    onSuccess: () => {
      if (fileInput.current) fileInput.current.value = '';
      void qc.invalidateQueries({ queryKey: ['documents', id] });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('file');
    if (!(file instanceof File) || file.size === 0) return;
    upload.mutate({
      file,
      type: String(f.get('type') ?? 'other'),
      agency: String(f.get('agency') ?? '').trim(),
    });
  };
  return (
    <section aria-labelledby="docs-title">
      <h2 id="docs-title">Documents</h2>
      {docs.isPending ? (
        <Loading what="the documents" />
      ) : docs.isError ? (
        <ErrorBox error={docs.error} />
      ) : docs.data.length === 0 ? (
        <Empty>No document yet.</Empty>
      ) : (
        <table className="grid" data-testid="documents">
          <caption className="sr-only">Documents of this filing</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">File</th>
              <th scope="col">Agency</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {docs.data.map((d) => (
              <tr key={d.id}>
                <td>{d.docType}</td>
                <td>
                  <a href={`/v1/shipments/${encodeURIComponent(id)}/documents/${d.sha256}`}>{d.filename}</a>
                </td>
                <td>{d.agency ?? '—'}</td>
                <td className="num">{fmtNum(d.size)} B</td>
                <td>
                  <code>{d.sha256.slice(0, 12)}…</code>
                </td>
                <td>{fmtDate(d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can(session.data, 'upload') ? (
        <form className="actions" onSubmit={submit} aria-label="Upload a document">
          <label htmlFor="doc-file">File (PDF, PNG, JPEG, TIFF, XML or JSON)</label>
          <input id="doc-file" ref={fileInput} name="file" type="file" required />
          <label htmlFor="doc-type">Document type</label>
          <select id="doc-type" name="type" defaultValue="invoice">
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          <label htmlFor="doc-agency">For agency (optional)</label>
          <input id="doc-agency" name="agency" maxLength={20} placeholder="FDA" />
          <button type="submit" disabled={upload.isPending}>
            {upload.isPending ? 'Uploading…' : 'Upload'}
          </button>
          <ErrorBox error={upload.error} />
        </form>
      ) : null}
    </section>
  );
}
