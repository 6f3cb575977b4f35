/**
 * The provider checks: per-provider schemas, strategy resolution,
 * callback URLs, SAML and OpenID Connect specifics, sign-up exposure and
 * version-aware deprecations. src/check/index.ts runs them with the general checks.
 */
import type { Rule } from '../../rule.js';
import { azureOauth2RemovedRule } from './azure-oauth2-removed.js';
import { callbackMismatchRule } from './callback-mismatch.js';
import { deprecatedSettingRule } from './deprecated-setting.js';
import { insecureExternalUrlRule } from './insecure-external-url.js';
import { missingStrategyClassRule } from './missing-strategy-class.js';
import { oidcDiscoveryEndpointsRule } from './oidc-discovery-endpoints.js';
import { oidcIssuerFormatRule } from './oidc-issuer-format.js';
import { openSignupRule } from './open-signup.js';
import { providerSchemaRule } from './provider-schema.js';
import { deprecatedProviderRule, removedProviderRule } from './removed-provider.js';
import { samlCertificateRule } from './saml-certificate.js';
import { samlFingerprintFormatRule } from './saml-fingerprint-format.js';
import { samlFingerprintMismatchRule } from './saml-fingerprint-mismatch.js';
import { samlKeyPairRule } from './saml-key-pair.js';
import { samlGroupsInArgsRule } from './saml-groups-in-args.js';
import { samlIssuerWhitespaceRule } from './saml-issuer-whitespace.js';
import { samlMissingCertificateRule } from './saml-missing-certificate.js';
import { samlTransientNameIdRule } from './saml-transient-name-id.js';
import { strategyNameMismatchRule } from './strategy-name-mismatch.js';
import { unknownArgRule } from './unknown-arg.js';
import { unknownStrategyClassRule } from './unknown-strategy-class.js';

export const PROVIDER_RULES: Rule[] = [
  providerSchemaRule,
  unknownArgRule,
  missingStrategyClassRule,
  unknownStrategyClassRule,
  strategyNameMismatchRule,
  callbackMismatchRule,
  insecureExternalUrlRule,
  openSignupRule,
  oidcIssuerFormatRule,
  oidcDiscoveryEndpointsRule,
  samlFingerprintFormatRule,
  samlFingerprintMismatchRule,
  samlCertificateRule,
  samlKeyPairRule,
  samlMissingCertificateRule,
  samlIssuerWhitespaceRule,
  samlTransientNameIdRule,
  samlGroupsInArgsRule,
  azureOauth2RemovedRule,
  removedProviderRule,
  deprecatedProviderRule,
  deprecatedSettingRule,
];
