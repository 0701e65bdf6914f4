import { SelectField, TextField } from '../../components/form-fields';
import type { SettingsSectionProps } from './settings-section-props';

const MSRP_TRANSPORTS = [
  { value: 'tls', label: 'TLS' },
  { value: 'tcp', label: 'TCP' },
] as const;

/** MSRP media: how to reach the relay (RFC 4976) and how to connect to peers. */
export function MsrpSettings({ values, errors, onChange }: SettingsSectionProps) {
  return (
    <fieldset>
      <legend>MSRP (chat and file transfer)</legend>
      <SelectField
        field="msrpRelay.mode"
        label="MSRP relay"
        value={values.relayMode}
        options={[
          { value: 'auto', label: 'Find automatically (DNS SRV)' },
          { value: 'manual', label: 'Use this relay' },
        ]}
        onChange={(relayMode) => onChange({ relayMode })}
        error={errors.msrpRelay}
      />
      {values.relayMode === 'manual' ? (
        <div className="field-row">
          <TextField field="msrpRelay.host" label="Relay host" value={values.relayHost} onChange={(relayHost) => onChange({ relayHost })} error={errors['msrpRelay.host']} />
          <TextField field="msrpRelay.port" label="Relay port" inputMode="numeric" value={values.relayPort} onChange={(relayPort) => onChange({ relayPort })} error={errors['msrpRelay.port']} />
          <SelectField field="msrpRelay.transport" label="Relay transport" value={values.relayTransport} options={MSRP_TRANSPORTS} onChange={(relayTransport) => onChange({ relayTransport })} error={errors['msrpRelay.transport']} />
          <TextField
            field="msrpRelay.username"
            label="Relay username"
            value={values.relayUsername}
            onChange={(relayUsername) => onChange({ relayUsername })}
            error={errors['msrpRelay.username']}
            hint="Leave empty to use the SIP account's credentials."
          />
        </div>
      ) : null}
      <SelectField field="msrpTransport" label="MSRP transport" value={values.msrpTransport} options={MSRP_TRANSPORTS} onChange={(msrpTransport) => onChange({ msrpTransport })} error={errors.msrpTransport} />
      <SelectField
        field="msrpConnectionModel"
        label="Connection model"
        value={values.connectionModel}
        options={[
          { value: 'relay', label: 'Through a relay' },
          { value: 'direct', label: 'Direct (peers connect to each other)' },
        ]}
        onChange={(connectionModel) => onChange({ connectionModel })}
        error={errors.msrpConnectionModel}
      />
    </fieldset>
  );
}
