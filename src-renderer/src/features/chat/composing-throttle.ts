/**
 * Turns keystrokes into `chat.setComposing` calls, lightly: "composing" at the first keystroke and again at most
 * every `intervalMs` while typing continues (main refreshes its RFC 3994 idle timer on each), "not composing"
 * once when the input is emptied. Sending a message ends composing without a call (RFC 3994 §3.2: the message
 * itself says so, and main knows it sent one).
 */
export class ComposingThrottle {
  #active = false;
  #lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly notify: (composing: boolean) => void,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 4_000,
  ) {}

  input(text: string): void {
    if (text.trim() === '') {
      if (this.#active) this.notify(false);
      this.#active = false;
      this.#lastSentAt = Number.NEGATIVE_INFINITY;
      return;
    }
    const now = this.now();
    if (this.#active && now - this.#lastSentAt < this.intervalMs) return;
    this.#active = true;
    this.#lastSentAt = now;
    this.notify(true);
  }

  sent(): void {
    this.#active = false;
    this.#lastSentAt = Number.NEGATIVE_INFINITY;
  }
}
