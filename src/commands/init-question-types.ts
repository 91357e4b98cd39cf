// The shapes init's questions share: what a prompt shows, an open question, the prompter.
import type { InitState } from "./init-state.js";

export interface Choice {
  value: string;
  name: string;
  description?: string;
}

/** What a prompt shows. */
export interface PromptSpec {
  /** The field it answers ("aws.accountId"); a field is asked once per run. */
  key: string;
  type: "input" | "select";
  message: string;
  /** The proposed answer; undefined when there is none and --yes cannot answer it. */
  default?: string;
  choices?: Choice[];
  validate?: (value: string) => true | string;
}

/** An open question: the prompt, how a script answers it instead, and what the answer changes. */
export interface Ask extends PromptSpec {
  flag: string;
  why: string;
  /** A default offered to a person only: --yes does not take it (a guessed service, say). */
  personOnly?: boolean;
  apply(value: string): void;
}

export interface Prompter {
  ask(spec: PromptSpec): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

/** A question: the open question it is now, or null when something already answered it. */
export type Question = (state: InitState) => Ask | null;
