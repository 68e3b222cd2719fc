/**
 * The team lead's staffing board: the live floor (one `/floor` socket with the user's token),
 * the board derived from it, attendance flags, the what-if calculator, and the commands a lead
 * sends (move, and sign in or out by hand). Building it opens nothing; `start()` connects and
 * `stop()` closes everything.
 */
import type { MoveCommand, SignInCommand, SignOutCommand } from '../../../../shared/commands.js';
import type { Ack } from '../../../../shared/errors.js';
import type { MoveView } from '../../../../shared/snapshot.js';
import { createFloorSocket, sendCommand, type AckOf, type CommandEvent, type CommandOf, type FloorSocket } from '../socket.js';
import { FloorState } from './floor.svelte.js';
import { AdherenceState } from './lead-adherence.svelte.js';
import { LeadBoard } from './lead-board.svelte.js';
import { StaffingCalculator } from './lead-calculator.svelte.js';

/** How long a command waits for the server's answer before it is called unanswered. */

export class LeadState {
  readonly floor: FloorState;
  readonly board: LeadBoard;
  readonly adherence: AdherenceState;
  readonly calculator = new StaffingCalculator();
  /** The person picked on the board, for a move or a sign-out. */
  selected = $state<string | null>(null);

  #socket: FloorSocket;
  #token: string;

  constructor(token: string, socket: FloorSocket = createFloorSocket(token)) {
    this.#token = token;
    this.#socket = socket;
    this.floor = new FloorState(socket);
    this.board = new LeadBoard(() => this.floor.snapshot);
    // Flags depend on who is signed in where, who is on a break, and the roster.
    this.adherence = new AdherenceState(token, () => {
      const people = this.board.people.map((p) => `${p.staffId}@${p.seatId}${p.activity === 'break' ? '!' : ''}`).join(',');
      return `${people}|${this.board.names.size}`;
    });
  }

  get snapshot() {
    return this.floor.snapshot;
  }

  /** Commands reach the server only over a live socket. */
  get canSend(): boolean {
    return this.floor.status === 'connected';
  }

  start(): void {
    this.floor.start();
    this.adherence.start();
    void this.calculator.load(this.#token);
  }

  stop(): void {
    this.adherence.stop();
    this.floor.stop();
  }

  move(cmd: MoveCommand): Promise<Ack<MoveView>> {
    return this.#send('staff:move', cmd);
  }

  signIn(cmd: SignInCommand): Promise<Ack<null>> {
    return this.#send('staff:sign-in', cmd);
  }

  signOut(cmd: SignOutCommand): Promise<Ack<null>> {
    return this.#send('staff:sign-out', cmd);
  }

  /** Sends (see sendCommand) and refreshes attendance after anything that worked. */
  async #send<E extends CommandEvent>(event: E, cmd: CommandOf<E>): Promise<AckOf<E>> {
    const result = await sendCommand(this.#socket, this.canSend, event, cmd);
    if (result.ok) void this.adherence.refresh();
    return result;
  }
}
