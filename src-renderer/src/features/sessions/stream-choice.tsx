import type { MediaStreamType } from '../../../../src-shared';
import { CheckboxField } from '../../components/form-fields';

export interface StreamChoiceOption {
  readonly type: MediaStreamType;
  readonly label: string;
  readonly hint?: string;
}

/** The streams a new session can carry today; file transfer joins this list when it is ready. */
export const STREAM_CHOICES: readonly StreamChoiceOption[] = [
  { type: 'chat', label: 'Chat', hint: 'Text messages, both ways.' },
  { type: 'desktop-sharing', label: 'Desktop sharing', hint: 'View their screen, or share yours (they are asked first).' },
];

interface StreamChoiceProps {
  readonly choice: StreamChoiceOption;
  readonly chosen: readonly MediaStreamType[];
  readonly onChange: (types: readonly MediaStreamType[]) => void;
}

export function StreamChoice({ choice, chosen, onChange }: StreamChoiceProps) {
  return (
    <CheckboxField
      field={`stream-${choice.type}`}
      label={choice.label}
      checked={chosen.includes(choice.type)}
      onChange={(checked) => onChange(checked ? [...chosen, choice.type] : chosen.filter((type) => type !== choice.type))}
      {...(choice.hint === undefined ? {} : { hint: choice.hint })}
    />
  );
}
