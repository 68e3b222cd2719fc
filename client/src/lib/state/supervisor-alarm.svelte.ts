/**
 * The supervisor's surge alarm: a beep pattern (Web Audio) when a surge id appears, repeated
 * while it is unacknowledged, and a flashing page title meanwhile. Browsers keep audio
 * suspended until the page gets a click or key press, so the first one resumes it and the
 * console shows a hint until then. Mute and acknowledged surges are kept in localStorage.
 */

const MUTED_KEY = 'floorboard.supervisor.muted';
const ACKED_KEY = 'floorboard.supervisor.acknowledged';
/** How often the pattern repeats while a surge is unacknowledged. */
export const REPEAT_MS = 20_000;
const FLASH_MS = 1_000;
/** Tones of one pattern: frequency (Hz) and length (s), with a short gap after each. */
const PATTERN: [number, number][] = [
  [880, 0.16],
  [660, 0.16],
  [880, 0.16],
  [660, 0.28],
];
const GAP_S = 0.06;
const VOLUME = 0.22;

export type AudioStatus = 'unsupported' | 'suspended' | 'running';

export interface AlarmSurge {
  id: string;
}

function readJson<T>(key: string, fallback: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T | null) ?? fallback;
  } catch {
    return fallback;
  }
}

export class SurgeAlarm {
  muted = $state(readJson<boolean>(MUTED_KEY, false));
  audio = $state<AudioStatus>('unsupported');
  /** Surge ids active now. */
  active = $state.raw<string[]>([]);
  acknowledged = $state.raw<ReadonlySet<string>>(new Set(readJson<string[]>(ACKED_KEY, [])));
  /** Patterns played so far (shown as a data attribute, so tests and curious people can see it rang). */
  rings = $state(0);

  unseen = $derived(this.active.filter((id) => !this.acknowledged.has(id)));
  /** Sound is wanted but the browser is still holding it back until a click. */
  needsGesture = $derived(!this.muted && this.audio === 'suspended');

  #ctx: AudioContext | null = null;
  #alerted = new Set<string>();
  #repeatTimer: ReturnType<typeof setInterval> | undefined;
  #flashTimer: ReturnType<typeof setInterval> | undefined;
  #flashOn = false;
  #baseTitle: string | null = null;
  #titleText = '';

  start(): void {
    this.#ctx = this.#createContext();
    window.addEventListener('pointerdown', this.#unlock, true);
    window.addEventListener('keydown', this.#unlock, true);
    this.#repeatTimer = setInterval(() => {
      if (this.unseen.length) this.#ring();
    }, REPEAT_MS);
    this.#flashTimer = setInterval(this.#flash, FLASH_MS);
  }

  stop(): void {
    window.removeEventListener('pointerdown', this.#unlock, true);
    window.removeEventListener('keydown', this.#unlock, true);
    clearInterval(this.#repeatTimer);
    clearInterval(this.#flashTimer);
    this.#restoreTitle();
    void this.#ctx?.close().catch(() => undefined);
    this.#ctx = null;
  }

  /** The surges active now, and what the title flashes while one is unacknowledged. */
  update(surges: readonly AlarmSurge[], titleText: string): void {
    this.#titleText = titleText;
    const ids = surges.map((s) => s.id);
    if (ids.join('\n') !== this.active.join('\n')) this.active = ids;
    const fresh = ids.filter((id) => !this.#alerted.has(id));
    for (const id of fresh) this.#alerted.add(id);
    if (fresh.some((id) => !this.acknowledged.has(id))) this.#ring();
  }

  acknowledgeAll(): void {
    if (!this.unseen.length) return;
    // Keep only recent ids: surge ids are unique, so old ones never come back.
    const next = [...this.acknowledged, ...this.unseen].slice(-100);
    this.acknowledged = new Set(next);
    localStorage.setItem(ACKED_KEY, JSON.stringify(next));
  }

  toggleMute(): void {
    this.muted = !this.muted;
    localStorage.setItem(MUTED_KEY, JSON.stringify(this.muted));
  }

  #createContext(): AudioContext | null {
    try {
      const ctx = new AudioContext();
      ctx.onstatechange = () => (this.audio = ctx.state === 'running' ? 'running' : 'suspended');
      this.audio = ctx.state === 'running' ? 'running' : 'suspended';
      return ctx;
    } catch {
      this.audio = 'unsupported';
      return null;
    }
  }

  /** The first click or key press lets the page make sound: resume, and ring if a surge waits. */
  #unlock = (): void => {
    const ctx = this.#ctx;
    if (!ctx || ctx.state === 'running') return;
    void ctx.resume().then(
      () => {
        if (this.unseen.length) this.#ring();
      },
      () => undefined,
    );
  };

  #ring(): void {
    const ctx = this.#ctx;
    if (this.muted || !ctx || ctx.state !== 'running') return;
    let t = ctx.currentTime + 0.02;
    for (const [hz, seconds] of PATTERN) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = hz;
      // Short ramps in and out: a hard edge clicks.
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(VOLUME, t + 0.01);
      gain.gain.setValueAtTime(VOLUME, t + seconds - 0.02);
      gain.gain.linearRampToValueAtTime(0, t + seconds);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + seconds);
      t += seconds + GAP_S;
    }
    this.rings++;
  }

  #flash = (): void => {
    if (!this.unseen.length) {
      this.#restoreTitle();
      return;
    }
    this.#baseTitle ??= document.title;
    this.#flashOn = !this.#flashOn;
    document.title = this.#flashOn ? `▲ ${this.#titleText}` : this.#baseTitle;
  };

  #restoreTitle(): void {
    if (this.#baseTitle !== null) document.title = this.#baseTitle;
    this.#baseTitle = null;
    this.#flashOn = false;
  }
}
