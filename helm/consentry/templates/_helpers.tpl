{{/* Chart name. */}}
{{- define "consentry.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name prefix of every resource. */}}
{{- define "consentry.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "consentry.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Common labels; call with (dict "ctx" $ "component" "api"). */}}
{{- define "consentry.labels" -}}
helm.sh/chart: {{ include "consentry.chart" .ctx }}
{{ include "consentry.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: consentry
{{- end }}

{{/* Selector labels; call with (dict "ctx" $ "component" "api"). */}}
{{- define "consentry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "consentry.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "consentry.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "consentry.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "consentry.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* True ("true") when a HorizontalPodAutoscaler / PodDisruptionBudget is rendered. */}}
{{- define "consentry.hpaEnabled" -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.api.replicas) 1) }}true{{ end }}
{{- end }}
{{- define "consentry.pdbEnabled" -}}
{{- if and .Values.podDisruptionBudget.enabled (gt (int .Values.api.replicas) 1) }}true{{ end }}
{{- end }}

{{/*
A generated credential that survives upgrades: reuse the value already in the cluster's Secret
(lookup; empty under `helm template`), else a new random one.
Call with (dict "ctx" $ "secret" "<name>" "key" "<key>" "length" 32).
*/}}
{{- define "consentry.persistentRandom" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret }}
{{- if and $existing $existing.data (hasKey $existing.data .key) }}
{{- index $existing.data .key }}
{{- else }}
{{- randAlphaNum (int .length) | b64enc }}
{{- end }}
{{- end }}

{{/* Port of a URL: explicit port, else 443 for https, else 80. */}}
{{- define "consentry.urlPort" -}}
{{- $u := urlParse . }}
{{- $hostport := splitList ":" $u.host }}
{{- if gt (len $hostport) 1 }}{{ last $hostport }}{{ else if eq $u.scheme "https" }}443{{ else }}80{{ end }}
{{- end }}

{{/* ---- Where the api's backing services are, bundled or external. ---- */}}
{{- define "consentry.postgres.host" -}}
{{- if .Values.external.postgres.enabled }}{{ .Values.external.postgres.host }}{{ else }}{{ include "consentry.fullname" . }}-postgres{{ end }}
{{- end }}
{{- define "consentry.postgres.port" -}}
{{- if .Values.external.postgres.enabled }}{{ .Values.external.postgres.port }}{{ else }}5432{{ end }}
{{- end }}
{{- define "consentry.postgres.secretName" -}}
{{- if .Values.external.postgres.enabled }}{{ .Values.external.postgres.existingSecret }}{{ else }}{{ default (printf "%s-postgres" (include "consentry.fullname" .)) .Values.postgres.existingSecret }}{{ end }}
{{- end }}
{{- define "consentry.postgres.passwordKey" -}}
{{- if .Values.external.postgres.enabled }}{{ .Values.external.postgres.passwordKey }}{{ else }}password{{ end }}
{{- end }}
{{/* The owner role (migrations, tenant schemas) and the runtime role (requests) of the api. */}}
{{- define "consentry.postgres.ownerUsername" -}}
{{- ternary .Values.external.postgres.username .Values.postgres.username .Values.external.postgres.enabled }}
{{- end }}
{{- define "consentry.postgres.apiUsername" -}}
{{- ternary .Values.external.postgres.apiUsername .Values.postgres.apiUsername .Values.external.postgres.enabled }}
{{- end }}
{{- define "consentry.postgres.apiPasswordKey" -}}
{{- if .Values.external.postgres.enabled }}{{ .Values.external.postgres.apiPasswordKey }}{{ else }}api-password{{ end }}
{{- end }}
{{- define "consentry.jdbcUrl" -}}
{{- if .Values.external.postgres.enabled -}}
jdbc:postgresql://{{ .Values.external.postgres.host }}:{{ .Values.external.postgres.port }}/{{ .Values.external.postgres.database }}?sslmode={{ .Values.external.postgres.sslMode }}
{{- else -}}
jdbc:postgresql://{{ include "consentry.fullname" . }}-postgres:5432/{{ .Values.postgres.database }}
{{- end }}
{{- end }}

{{- define "consentry.s3.endpoint" -}}
{{- if .Values.external.s3.enabled }}{{ .Values.external.s3.endpoint }}{{ else }}http://{{ include "consentry.fullname" . }}-minio:9000{{ end }}
{{- end }}
{{- define "consentry.minio.secretName" -}}
{{- default (printf "%s-minio" (include "consentry.fullname" .)) .Values.minio.existingSecret }}
{{- end }}

{{- define "consentry.keycloak.url" -}}
{{- if .Values.external.keycloak.enabled }}{{ .Values.external.keycloak.url | trimSuffix "/" }}{{ else }}http://{{ include "consentry.fullname" . }}-keycloak:8080{{ end }}
{{- end }}
{{/*
The base URL in token issuers: Keycloak's public address (KC_HOSTNAME) when it has one, else the api's URL for it.
*/}}
{{- define "consentry.keycloak.issuerBaseUrl" -}}
{{- if .Values.external.keycloak.enabled }}{{ default .Values.external.keycloak.url .Values.external.keycloak.issuerUrl | trimSuffix "/" }}
{{- else if .Values.keycloak.hostname }}{{ .Values.keycloak.hostname | trimSuffix "/" }}
{{- else if .Values.keycloak.ingress.enabled }}https://{{ .Values.keycloak.ingress.host }}
{{- else }}{{ include "consentry.keycloak.url" . }}{{ end }}
{{- end }}
{{/*
Where people reach the api (consentry.public-url): api.publicUrl, else the Ingress host, else (dev.enabled only) the
port-forward address; empty when none applies.
*/}}
{{- define "consentry.publicUrl" -}}
{{- if .Values.api.publicUrl }}{{ .Values.api.publicUrl | trimSuffix "/" }}
{{- else if and .Values.ingress.enabled .Values.ingress.host }}{{ ternary "https" "http" .Values.ingress.tls.enabled }}://{{ .Values.ingress.host }}
{{- else if .Values.dev.enabled }}http://127.0.0.1:8080
{{- end }}
{{- end }}
{{- define "consentry.keycloak.secretName" -}}
{{- if .Values.external.keycloak.enabled }}{{ .Values.external.keycloak.existingSecret }}{{ else }}{{ default (printf "%s-keycloak" (include "consentry.fullname" .)) .Values.keycloak.existingSecret }}{{ end }}
{{- end }}

{{/*
Checks that fail rendering with a message naming the value. Included by the api Deployment.
*/}}
{{- define "consentry.validate" -}}
{{- if not (or .Values.masterKey.existingSecret .Values.masterKey.kmsUri .Values.dev.enabled) }}
{{- required "masterKey.existingSecret (or masterKey.kmsUri) is required: the platform master key wraps every tenant keyset and is never a plain value. Create a Secret with a Tink keyset and set masterKey.existingSecret, or set masterKey.kmsUri; only for a throw-away trial, set dev.enabled=true." nil }}
{{- end }}
{{- if and .Values.dev.enabled (not (or .Values.masterKey.existingSecret .Values.masterKey.kmsUri)) (gt (int .Values.api.replicas) 1) }}
{{- fail "api.replicas > 1 needs a shared master key: with dev.enabled and no masterKey.existingSecret/masterKey.kmsUri every pod would generate its own." }}
{{- end }}
{{- if .Values.external.postgres.enabled }}
{{- required "external.postgres.host is required when external.postgres.enabled is true" .Values.external.postgres.host | substr 0 0 }}
{{- required "external.postgres.existingSecret is required when external.postgres.enabled is true (Secret with the api user's password)" .Values.external.postgres.existingSecret | substr 0 0 }}
{{- if and (not .Values.external.keycloak.enabled) (not .Values.keycloak.database.existingSecret) }}
{{- required "keycloak.database.existingSecret is required when the bundled Keycloak uses external.postgres (Secret with Keycloak's database password under key `password`)" nil }}
{{- end }}
{{- end }}
{{- if .Values.external.s3.enabled }}
{{- required "external.s3.endpoint is required when external.s3.enabled is true" .Values.external.s3.endpoint | substr 0 0 }}
{{- required "external.s3.existingSecret is required when external.s3.enabled is true (Secret with the access key and secret key)" .Values.external.s3.existingSecret | substr 0 0 }}
{{- else if and (gt (int .Values.minio.replicas) 1) (lt (int .Values.minio.replicas) 4) }}
{{- fail (printf "minio.replicas must be 1 (standalone) or at least 4 (distributed erasure coding), got %d" (int .Values.minio.replicas)) }}
{{- end }}
{{- if .Values.external.keycloak.enabled }}
{{- required "external.keycloak.url is required when external.keycloak.enabled is true" .Values.external.keycloak.url | substr 0 0 }}
{{- required "external.keycloak.existingSecret is required when external.keycloak.enabled is true (Secret with the admin username and password)" .Values.external.keycloak.existingSecret | substr 0 0 }}
{{- end }}
{{- if .Values.ingress.enabled }}
{{- required "ingress.host is required when ingress.enabled is true" .Values.ingress.host | substr 0 0 }}
{{- end }}
{{- if not .Values.dev.enabled }}
{{- required "mail.host is required: invitations reach data subjects by mail through an SMTP relay the admins do not read (an admin must never hold a link that opens a subject's portal), and every consent made in a subject's name is told to them there. Set mail.host (and mail.from); only for a throw-away trial, set dev.enabled=true." .Values.mail.host | substr 0 0 }}
{{- required "mail.from is required with mail.host: the sender of invitations and notices, e.g. \"Consentry <no-reply@example.com>\"" .Values.mail.from | substr 0 0 }}
{{- end }}
{{- if and (not .Values.dev.enabled) (not (include "consentry.publicUrl" .)) }}
{{- fail "The api needs its public URL outside dev (invitation mails link to it; the console's redirect URI; Secure cookies): enable the Ingress with ingress.host, or set api.publicUrl." }}
{{- end }}
{{- if and (not .Values.dev.enabled) (hasPrefix "http://" (include "consentry.publicUrl" .)) }}
{{- fail "The public URL must be https outside dev: keep ingress.tls.enabled, or set api.publicUrl to an https URL." }}
{{- end }}
{{- if .Values.keycloak.ingress.enabled }}
{{- required "keycloak.ingress.host is required when keycloak.ingress.enabled is true" .Values.keycloak.ingress.host | substr 0 0 }}
{{- end }}
{{- include "consentry.validateCells" . }}
{{- end }}

{{/* The further cells' names, comma-separated (consentry.cells.names). */}}
{{- define "consentry.cellNames" -}}
{{- $names := list }}{{ range .Values.cells }}{{ $names = append $names .name }}{{ end }}{{ join "," $names }}
{{- end }}

{{/* The ports a JDBC URL names (several hosts allowed, 5432 when a host names none), one per line. */}}
{{- define "consentry.jdbcPorts" -}}
{{- $u := urlParse (trimPrefix "jdbc:" .) }}
{{- range splitList "," $u.host }}
{{- $hostport := splitList ":" . }}
{{ if gt (len $hostport) 1 }}{{ last $hostport }}{{ else }}5432{{ end }}
{{- end }}
{{- end }}

{{/* What the schema cannot say about cells: unique names, none the home cell's. */}}
{{- define "consentry.validateCells" -}}
{{- $seen := dict .Values.api.cellName true }}
{{- range .Values.cells }}
{{- if hasKey $seen .name }}
{{- fail (printf "cells: the cell name '%s' is used twice or is api.cellName (the home cell); every cell needs its own name" .name) }}
{{- end }}
{{- $_ := set $seen .name true }}
{{- end }}
{{- end }}
