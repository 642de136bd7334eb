/**
 * The parent's handle on one tool worker: a child process spoken to with the line protocol of
 * `protocol.ts`, one request at a time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type Command, type Reply, REPLY_PREFIX } from './protocol.js';

export interface WorkerSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export class WorkerProcess {
  private readonly child: ChildProcess;
  private waiting: ((reply: Reply) => void) | undefined;
  private stderrTail = '';
  private exited: string | undefined;

  constructor(spec: WorkerSpec, cwd: string) {
    this.child = spawn(spec.command, [...spec.args], { cwd, env: { ...process.env, ...spec.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (line.startsWith(REPLY_PREFIX)) this.deliver(JSON.parse(line.slice(REPLY_PREFIX.length)) as Reply);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      // Keep the end only: enough to explain a crash without holding a chatty library's whole log.
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `worker exited (${signal ?? `code ${code}`})`;
      this.deliver({ ok: false, error: `${this.exited}: ${lastLine(this.stderrTail)}` });
    });
    this.child.on('error', (error) => {
      this.exited = `worker failed to start: ${error.message}`;
      this.deliver({ ok: false, error: this.exited });
    });
  }

  /** Replies nobody waits for (the exit notice after a clean `exit`) are dropped. */
  private deliver(reply: Reply): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(reply);
  }

  /** Send one command and wait for its reply; a worker that runs past `timeoutSeconds` is killed. */
  request(command: Command, timeoutSeconds: number): Promise<Reply> {
    if (this.exited !== undefined) return Promise.resolve({ ok: false, error: this.exited });
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        this.deliver({ ok: false, error: `no reply within ${timeoutSeconds} s (killed)` });
      }, timeoutSeconds * 1000);
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      this.child.stdin!.write(`${JSON.stringify(command)}\n`);
    });
  }

  /** Ask the worker for its peak RSS and let it exit; undefined when it already died. */
  async close(): Promise<number | undefined> {
    const reply = await this.request({ op: 'exit' }, 30);
    this.child.stdin!.end();
    return reply.ok ? reply.maxRssKiB : undefined;
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
