import { create } from 'zustand';
import type { ConsoleEntry, ConsoleKind, ConsoleTraceLevel, ConsoleTraceLevels } from '../../../../src-shared';
import { appendEntries } from './console-buffer';
import { NO_FILTERS, type ConsoleFilters } from './console-filters';

export type ConsoleTab = ConsoleKind | 'ladder';

const DEVELOPER_MODE_KEY = 'parley.developerMode';

export const DEFAULT_LEVELS: ConsoleTraceLevels = { sip: 'full', msrp: 'full', notification: 'headers', log: 'headers' };

/**
 * The debug console's own UI state: open or not, tab, levels, filters, pause, the entries shown (bounded).
 * Entries are a view of main's ring; this store never holds domain state.
 */
export interface ConsoleState {
  readonly developerMode: boolean;
  readonly open: boolean;
  readonly tab: ConsoleTab;
  readonly levels: ConsoleTraceLevels;
  readonly filters: ConsoleFilters;
  readonly paused: boolean;
  readonly entries: readonly ConsoleEntry[];
  /** Entries that arrived while paused, shown on resume (bounded like `entries`). */
  readonly held: readonly ConsoleEntry[];
  readonly selectedId: number | null;
  readonly ladderKey: string | null;
  readonly notice: string;
  /** On: the console opens (and, in the desktop app, its button stays); off: it closes. */
  setDeveloperMode(on: boolean): void;
  setOpen(open: boolean): void;
  setTab(tab: ConsoleTab): void;
  setLevel(kind: ConsoleKind, level: ConsoleTraceLevel): void;
  setFilter<K extends keyof ConsoleFilters>(key: K, value: ConsoleFilters[K]): void;
  setPaused(paused: boolean): void;
  replaceEntries(entries: readonly ConsoleEntry[]): void;
  receive(batch: readonly ConsoleEntry[]): void;
  clearEntries(): void;
  select(id: number | null): void;
  showLadder(key: string | null): void;
  setNotice(notice: string): void;
}

function storedDeveloperMode(): boolean {
  try {
    return globalThis.localStorage?.getItem(DEVELOPER_MODE_KEY) === 'on';
  } catch {
    return false;
  }
}

export const useConsoleStore = create<ConsoleState>()((set) => ({
  developerMode: storedDeveloperMode(),
  open: false,
  tab: 'sip',
  levels: DEFAULT_LEVELS,
  filters: NO_FILTERS,
  paused: false,
  entries: [],
  held: [],
  selectedId: null,
  ladderKey: null,
  notice: '',
  setDeveloperMode: (on) => {
    try {
      globalThis.localStorage?.setItem(DEVELOPER_MODE_KEY, on ? 'on' : 'off');
    } catch {
      // Storage may be unavailable (private windows): the setting then lasts for this window only.
    }
    // Turning it on shows the console at once; off hides it (web mode keeps the dock's open button).
    set({ developerMode: on, open: on });
  },
  setOpen: (open) => set({ open }),
  setTab: (tab) => set({ tab, selectedId: null }),
  setLevel: (kind, level) => set((state) => ({ levels: { ...state.levels, [kind]: level } })),
  setFilter: (key, value) => set((state) => ({ filters: { ...state.filters, [key]: value } })),
  setPaused: (paused) =>
    set((state) => (paused ? { paused } : { paused, entries: appendEntries(state.entries, state.held), held: [] })),
  replaceEntries: (entries) => set({ entries: appendEntries([], entries), held: [] }),
  receive: (batch) =>
    set((state) => (state.paused ? { held: appendEntries(state.held, batch) } : { entries: appendEntries(state.entries, batch) })),
  clearEntries: () => set({ entries: [], held: [], selectedId: null, ladderKey: null }),
  select: (id) => set({ selectedId: id }),
  showLadder: (key) => set({ ladderKey: key, selectedId: null }),
  setNotice: (notice) => set({ notice }),
}));
