/**
 * Progress for long commands: count, rate and ETA on stderr when it is a terminal; nothing when
 * it is not (pipes and logs stay clean).
 */
export class Progress {
  private count = 0;
  private readonly started: number;
  private last = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private readonly fraction: () => number | null = () => null,
    private readonly out: NodeJS.WriteStream = process.stderr,
    /** Milliseconds on a monotonic clock (tests pass their own). */
    private readonly ms: () => number = () => performance.now(),
  ) {
    this.enabled = Boolean(out.isTTY);
    this.started = ms();
  }

  tick(n = 1): void {
    this.count += n;
    if (!this.enabled) return;
    const now = this.ms();
    if (now - this.last < 200) return;
    this.last = now;
    this.render(now);
  }

  done(summary?: string): void {
    if (!this.enabled) return;
    this.render(this.ms());
    this.out.write(`\n${summary ? summary + '\n' : ''}`);
  }

  private render(now: number): void {
    const secs = Math.max((now - this.started) / 1000, 0.001);
    const rate = this.count / secs;
    const f = this.fraction();
    const eta = f !== null && f > 0 && f < 1 ? ` ETA ${formatSecs((secs * (1 - f)) / f)}` : '';
    this.out.write(
      `\r${this.label}: ${this.count.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')}/s)${eta}   `,
    );
  }
}

function formatSecs(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
}
