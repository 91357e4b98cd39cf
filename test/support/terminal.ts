// A real pseudo-terminal for end-to-end prompt tests: a detached tmux session on a socket of its
// own in a temporary folder (so it never touches anyone's tmux), driven with send-keys and read
// with capture-pane.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const hasTmux = spawnSync("tmux", ["-V"]).status === 0;

export class Terminal {
  readonly #socket: string;
  readonly #session = "init";

  private constructor(socket: string) {
    this.#socket = socket;
  }

  /** Runs `command` in a fresh 120x50 terminal; the pane stays open after it exits and prints `[exit N]`. */
  static start(command: string, cwd: string): Terminal {
    const terminal = new Terminal(join(mkdtempSync(join(tmpdir(), "ecs-stack-tmux-")), "socket"));
    terminal.#tmux(
      "new-session",
      "-d",
      "-s",
      terminal.#session,
      "-x",
      "120",
      "-y",
      "50",
      "-c",
      cwd,
      `${command}; echo "[exit $?]"; sleep 600`,
    );
    return terminal;
  }

  /** Everything the terminal showed, scrollback included, without colours. */
  screen(): string {
    return this.#tmux("capture-pane", "-p", "-J", "-S", "-", "-t", this.#session).replace(/\s+$/, "\n");
  }

  async waitFor(pattern: string | RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof pattern === "string" ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; the screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Keys by tmux name: "Enter", "C-c", "C-u". */
  keys(...keys: string[]): void {
    this.#tmux("send-keys", "-t", this.#session, ...keys);
  }

  type(text: string): void {
    this.#tmux("send-keys", "-t", this.#session, "-l", text);
  }

  close(): void {
    spawnSync("tmux", ["-S", this.#socket, "kill-server"]);
    rmSync(join(this.#socket, ".."), { recursive: true, force: true });
  }

  #tmux(...args: string[]): string {
    return execFileSync("tmux", ["-S", this.#socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
  }
}
