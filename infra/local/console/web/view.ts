/** One screen of the console: it fills `main` when shown and stops its timers when left. */
export interface View {
  readonly title: string;
  mount(main: HTMLElement): Promise<void>;
  unmount(): void;
}
