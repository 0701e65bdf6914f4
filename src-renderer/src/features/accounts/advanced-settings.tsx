import { CheckboxField, SelectField, TextField } from '../../components/form-fields';
import { MsrpSettings } from './msrp-settings';
import type { SettingsSectionProps } from './settings-section-props';

const SIP_TRANSPORTS = [
  { value: 'udp', label: 'UDP' },
  { value: 'tcp', label: 'TCP' },
  { value: 'tls', label: 'TLS' },
] as const;

/** Draft fields shown in this section: an error on any of them opens it. */
export const ADVANCED_FIELDS = [
  'authUsername',
  'outboundProxy',
  'outboundProxy.host',
  'outboundProxy.port',
  'outboundProxy.transport',
  'registration.expires',
  'msrpRelay',
  'msrpRelay.host',
  'msrpRelay.port',
  'msrpRelay.transport',
  'msrpRelay.username',
  'msrpTransport',
  'msrpConnectionModel',
  'tls.caFile',
] as const;

interface AdvancedSettingsProps extends SettingsSectionProps {
  readonly open: boolean;
  readonly onToggle: (open: boolean) => void;
}

export function AdvancedSettings({ values, errors, onChange, open, onToggle }: AdvancedSettingsProps) {
  return (
    <details className="advanced" open={open} onToggle={(event) => onToggle(event.currentTarget.open)}>
      <summary data-testid="advanced-toggle">Advanced</summary>
      <TextField
        field="authUsername"
        label="Authentication username"
        value={values.authUsername}
        onChange={(authUsername) => onChange({ authUsername })}
        error={errors.authUsername}
        hint="Only if it differs from the user part of the address."
      />
      <fieldset>
        <legend>Outbound proxy</legend>
        <CheckboxField
          field="useOutboundProxy"
          label="Send requests through an outbound proxy"
          checked={values.useOutboundProxy}
          onChange={(useOutboundProxy) => onChange({ useOutboundProxy })}
        />
        {values.useOutboundProxy ? (
          <div className="field-row">
            <TextField field="outboundProxy.host" label="Proxy host" value={values.proxyHost} onChange={(proxyHost) => onChange({ proxyHost })} error={errors['outboundProxy.host'] ?? errors.outboundProxy} />
            <TextField field="outboundProxy.port" label="Proxy port" inputMode="numeric" value={values.proxyPort} onChange={(proxyPort) => onChange({ proxyPort })} error={errors['outboundProxy.port']} />
            <SelectField field="outboundProxy.transport" label="Proxy transport" value={values.proxyTransport} options={SIP_TRANSPORTS} onChange={(proxyTransport) => onChange({ proxyTransport })} error={errors['outboundProxy.transport']} />
          </div>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Registration</legend>
        <CheckboxField
          field="registration.enabled"
          label="Register with the server"
          checked={values.registrationEnabled}
          onChange={(registrationEnabled) => onChange({ registrationEnabled })}
        />
        {values.registrationEnabled ? (
          <TextField
            field="registration.expires"
            label="Registration interval (seconds)"
            inputMode="numeric"
            value={values.registrationExpires}
            onChange={(registrationExpires) => onChange({ registrationExpires })}
            error={errors['registration.expires']}
          />
        ) : null}
      </fieldset>
      <MsrpSettings values={values} errors={errors} onChange={onChange} />
      <fieldset>
        <legend>TLS</legend>
        <CheckboxField
          field="tls.verifyServer"
          label="Verify server certificates"
          checked={values.tlsVerify}
          onChange={(tlsVerify) => onChange({ tlsVerify })}
        />
        {values.tlsVerify ? null : (
          <p className="warning" role="alert" data-testid="tls-warning">
            Certificate verification is off: anyone on the network path can impersonate the server and read your
            messages. Turn it off only for a test server you control.
          </p>
        )}
        <TextField
          field="tls.caFile"
          label="Extra CA certificates (PEM file path)"
          value={values.caFile}
          onChange={(caFile) => onChange({ caFile })}
          error={errors['tls.caFile']}
          hint="Trusted in addition to the system's certificates. Leave empty for none."
        />
      </fieldset>
    </details>
  );
}
