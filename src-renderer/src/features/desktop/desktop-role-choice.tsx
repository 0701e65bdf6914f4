import type { DesktopRole } from '../../../../src-shared';
import { SelectField } from '../../components/form-fields';

const ROLE_OPTIONS: readonly { readonly value: DesktopRole; readonly label: string }[] = [
  { value: 'viewer', label: 'Request to view their screen' },
  { value: 'server', label: 'Share my screen' },
];

/** For a new session with desktop sharing: whose screen it shows. */
export function DesktopRoleChoice({ role, onChange }: { role: DesktopRole; onChange: (role: DesktopRole) => void }) {
  return <SelectField field="desktop-role" label="Whose screen" value={role} options={ROLE_OPTIONS} onChange={onChange} />;
}
