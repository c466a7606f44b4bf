import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FLEET_APPS, type FleetApp } from './fleet-apps';

export interface FleetOptions {
  /** Environment shared by every app (database, broker prefix, secrets). */
  env: Record<string, string>;
  /** Folder for one log file per app. */
  logDir: string;
  /** HTTP port per app name; defaults to each app's default port. */
  ports?: Record<string, number>;
  /** Extra environment per app name (e.g. fault injection for one agent). */
  perApp?: Record<string, Record<string, string>>;
  /** Restart an app that exits unexpectedly (the launcher does; tests do it themselves). */
  restartOnExit?: boolean;
  log?: (line: string) => void;
}

interface Running {
  app: FleetApp;
  child: ChildProcess;
  logFile: WriteStream;
  stopping: boolean;
}

/** Compiled apps live beside this file when it runs compiled, under dist/ when tests load it as TS. */
const DIST = __filename.endsWith('.ts')
  ? resolve(__dirname, '..', '..', 'dist')
  : resolve(__dirname, '..', '..');

/** Starts fleet apps as child processes of this one, and stops or kills them on demand. */
export class Fleet {
  private readonly running = new Map<string, Running>();
  /** Set once stopAll begins: no app is restarted after that. */
  private stoppingAll = false;
  /** Ports of the second processes of an app, by instance name. */
  private readonly instancePorts = new Map<string, number>();

  constructor(private readonly options: FleetOptions) {
    mkdirSync(options.logDir, { recursive: true });
  }

  port(name: string): number {
    return this.instancePorts.get(name) ?? this.options.ports?.[name] ?? this.app(name).defaultPort;
  }

  url(name: string): string {
    return `http://127.0.0.1:${this.port(name)}`;
  }

  logPath(name: string): string {
    return join(this.options.logDir, `${name}.log`);
  }

  async startAll(timeoutMs = 60_000): Promise<void> {
    for (const app of FLEET_APPS) this.spawn(app.name);
    await Promise.all(FLEET_APPS.map((app) => this.waitReady(app.name, timeoutMs)));
  }

  async start(name: string, extraEnv: Record<string, string> = {}, timeoutMs = 60_000): Promise<void> {
    this.spawn(name, extraEnv);
    await this.waitReady(name, timeoutMs);
  }

  /** Starts another process of app `name`, called `instance`, on `port`, and waits until it is ready. */
  async startInstance(
    name: string,
    instance: string,
    port: number,
    extraEnv: Record<string, string> = {},
    timeoutMs = 60_000,
  ): Promise<void> {
    this.spawn(name, { ...extraEnv, PORT: String(port) }, instance);
    await this.waitReady(instance, timeoutMs);
  }

  /** `instance` names a second process of the same app (its own log, its own PORT in `extraEnv`). */
  spawn(name: string, extraEnv: Record<string, string> = {}, instance = name): ChildProcess {
    const app = this.app(name);
    if (instance !== name && 'PORT' in extraEnv) this.instancePorts.set(instance, Number(extraEnv.PORT));
    const main = join(DIST, 'apps', app.name, 'src', 'main.js');
    const logFile = createWriteStream(this.logPath(instance), { flags: 'a' });
    // FLEET_NODE_ARGS adds flags Node refuses in NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    const extraArgs = (process.env.FLEET_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, ['--enable-source-maps', ...extraArgs, main], {
      env: {
        ...process.env,
        ...this.options.env,
        ...this.options.perApp?.[name],
        PORT: String(this.port(name)),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(logFile, { end: false });
    child.stderr.pipe(logFile, { end: false });
    const entry: Running = { app, child, logFile, stopping: false };
    this.running.set(instance, entry);
    child.on('exit', (code, signal) => {
      if (this.running.get(instance) === entry) this.running.delete(instance);
      if (entry.stopping) return;
      this.options.log?.(
        `${instance} exited (${signal ?? `code ${code ?? '?'}`}); see ${this.logPath(instance)}`,
      );
      if (this.options.restartOnExit && !this.stoppingAll) {
        void sleep(1000).then(() => {
          // A restart due while the fleet stops would start an app nobody stops.
          if (this.stoppingAll) return;
          this.options.log?.(`restarting ${instance}`);
          this.spawn(name, extraEnv, instance);
        });
      }
    });
    return child;
  }

  async waitReady(name: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running.has(name))
        throw new Error(`${name} exited during start-up; see ${this.logPath(name)}`);
      try {
        const response = await fetch(`${this.url(name)}/health/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`${name} was not ready within ${timeoutMs} ms; see ${this.logPath(name)}`);
  }

  pid(name: string): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  /** Kills without warning (SIGKILL): no shutdown hooks, unacked messages go back to the queue. */
  async kill(name: string): Promise<void> {
    await this.signal(name, 'SIGKILL');
  }

  async stop(name: string): Promise<void> {
    await this.signal(name, 'SIGTERM');
  }

  async stopAll(): Promise<void> {
    this.stoppingAll = true;
    await Promise.all([...this.running.keys()].map((name) => this.stop(name)));
  }

  private async signal(name: string, signal: NodeJS.Signals): Promise<void> {
    const entry = this.running.get(name);
    if (!entry) return;
    entry.stopping = true;
    const exited = new Promise<void>((done) =>
      entry.child.once('exit', () => {
        done();
      }),
    );
    entry.child.kill(signal);
    const forced = setTimeout(() => entry.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(forced);
    entry.logFile.end();
    this.running.delete(name);
  }

  private app(name: string): FleetApp {
    const app = FLEET_APPS.find((a) => a.name === name);
    if (!app) throw new Error(`unknown app ${name}`);
    return app;
  }
}
