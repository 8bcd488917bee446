import { Worker } from 'node:worker_threads';

/** Runs a worker thread that answers with one message, and resolves with it. */
export function inWorker<T>(url: URL, workerData: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const w = new Worker(url, { workerData });
    let done = false;
    w.once('message', (m: T) => {
      done = true;
      resolve(m);
      void w.terminate();
    });
    w.once('error', (e) => {
      done = true;
      reject(e);
    });
    w.once('exit', (code) => {
      if (!done) reject(new Error(`worker ${url.pathname} exited with code ${code} before answering`));
    });
  });
}
