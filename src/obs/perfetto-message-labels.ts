// The run's messages as the Perfetto export names them: each message's label as it goes
// inside a JSON string. Rule: a label is made once, on the message's first event, and
// shared by its send, receive and loss on whichever tracks they land.
import type { ObservedMessage } from './observed-run.ts';
import { jsonStringBody } from './json-string.ts';

export class MessageLabels {
  /** Made at full length: filled out of order, an array grown by a far index would fall back to a slow dictionary. */
  private readonly labels: (string | undefined)[];

  constructor(private readonly messages: readonly ObservedMessage[]) {
    this.labels = new Array<string | undefined>(messages.length);
  }

  of(index: number): ObservedMessage {
    return this.messages[index] as ObservedMessage;
  }

  labelOf(index: number): string {
    return (this.labels[index] ??= jsonStringBody(this.of(index).label));
  }
}
