/** The last lines written to an output channel: an output channel cannot be read back, and tests ask what it says. */
export class RecentLines {
  private readonly lines: string[] = [];

  constructor(private readonly capacity = 500) {}

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  all(): readonly string[] {
    return [...this.lines];
  }
}
