/**
 * The night supervisor's console: the live floor (one `/floor` socket with the user's token),
 * the shift log, the surge alarm, and the commands a supervisor sends. Building it opens
 * nothing; `start()` connects and `stop()` closes everything.
 */
import type { CloseProblemCommand, CorrectCommand, DeclareCommand, NoteCommand } from '../../../../shared/commands.js';
import type { Ack } from '../../../../shared/errors.js';
import type { Handover, LogEntry } from '../../../../shared/shift-log.js';
import type { RecommendationView, SurgeView } from '../../../../shared/snapshot.js';
import { createFloorSocket, sendCommand, type AckOf, type CommandEvent, type CommandOf, type FloorSocket } from '../socket.js';
import { FloorState } from './floor.svelte.js';
import { SurgeAlarm } from './supervisor-alarm.svelte.js';
import { ShiftLogState } from './supervisor-log.svelte.js';

/** How long a command waits for the server's answer before it is called unanswered. */

/** A failed command as the console shows it: the server's code and message. */
export interface CommandError {
  error: string;
  message: string;
}

export class SupervisorState {
  readonly floor: FloorState;
  readonly log: ShiftLogState;
  readonly alarm: SurgeAlarm;
  #socket: FloorSocket;

  constructor(token: string, socket: FloorSocket = createFloorSocket(token)) {
    this.#socket = socket;
    this.floor = new FloorState(socket);
    this.log = new ShiftLogState(token);
    this.alarm = new SurgeAlarm();
  }

  get snapshot() {
    return this.floor.snapshot;
  }

  /** Commands can only reach the server over a live socket. */
  get canSend(): boolean {
    return this.floor.status === 'connected';
  }

  start(): void {
    this.floor.start();
    this.log.start();
    this.alarm.start();
  }

  stop(): void {
    this.alarm.stop();
    this.log.stop();
    this.floor.stop();
  }

  accept(id: string): Promise<Ack<RecommendationView>> {
    this.alarm.acknowledgeAll();
    return this.#send('recommendation:accept', { id });
  }

  decline(id: string, reason: string): Promise<Ack<RecommendationView>> {
    this.alarm.acknowledgeAll();
    return this.#send('recommendation:decline', { id, reason });
  }

  declare(cmd: DeclareCommand): Promise<Ack<SurgeView>> {
    return this.#send('surge:declare', cmd);
  }

  endSurge(id: string): Promise<Ack<null>> {
    return this.#send('surge:end', { id });
  }

  note(cmd: NoteCommand): Promise<Ack<LogEntry>> {
    return this.#send('log:note', cmd);
  }

  closeProblem(cmd: CloseProblemCommand): Promise<Ack<LogEntry>> {
    return this.#send('log:close-problem', cmd);
  }

  /** Entries are never edited: the correction follows the entry it corrects. */
  correct(cmd: CorrectCommand): Promise<Ack<LogEntry>> {
    return this.#send('log:correct', cmd);
  }

  /** The outgoing supervisor signs the current shift's handover. */
  signHandover(): Promise<Ack<Handover>> {
    return this.#send('handover:sign', {});
  }

  /** The incoming supervisor confirms a signed handover (`YYYY-MM-DD/name`). */
  confirmHandover(shift: string): Promise<Ack<Handover>> {
    return this.#send('handover:confirm', { shift });
  }

  /** Sends (see sendCommand) and re-reads the log after anything that worked. */
  async #send<E extends CommandEvent>(event: E, cmd: CommandOf<E>): Promise<AckOf<E>> {
    const result = await sendCommand(this.#socket, this.canSend, event, cmd);
    if (result.ok) void this.log.refresh();
    return result;
  }
}
