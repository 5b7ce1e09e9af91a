{{/*
Name of the chart, overridable.
*/}}
{{- define "anneal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name, at most 63 characters (the DNS label limit). The release name alone when
it already contains the chart name.
*/}}
{{- define "anneal.fullname" -}}
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

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "anneal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every object.
*/}}
{{- define "anneal.labels" -}}
helm.sh/chart: {{ include "anneal.chart" . }}
{{ include "anneal.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels that select the pods; never change them on upgrade.
*/}}
{{- define "anneal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "anneal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "anneal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "anneal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image: the CPU one, or with gpu.enabled the CUDA one (by default the same repository, tag + "-cuda").
*/}}
{{- define "anneal.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.gpu.enabled }}
{{- $repository := default .Values.image.repository .Values.gpu.image.repository }}
{{- printf "%s:%s" $repository (default (printf "%s%s" $tag .Values.gpu.image.tagSuffix) .Values.gpu.image.tag) }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
Secret holding the database password: the user's existing one or the chart's.
*/}}
{{- define "anneal.databaseSecretName" -}}
{{- default (include "anneal.fullname" .) .Values.database.existingSecret }}
{{- end }}

{{- define "anneal.databaseSecretKey" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecretPasswordKey }}
{{- else -}}
password
{{- end }}
{{- end }}

{{/*
Secret holding the first admin key: the user's existing one or the chart's.
*/}}
{{- define "anneal.adminKeySecretName" -}}
{{- default (include "anneal.fullname" .) .Values.auth.existingSecret }}
{{- end }}

{{- define "anneal.adminKeySecretKey" -}}
{{- if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecretKey }}
{{- else -}}
admin-key
{{- end }}
{{- end }}

{{- define "anneal.claimName" -}}
{{- default (include "anneal.fullname" .) .Values.persistence.existingClaim }}
{{- end }}

{{/*
Refuses settings under which replicas could not read each other's checkpoints and models.
*/}}
{{- define "anneal.checkStorage" -}}
{{- $mode := .Values.storage.mode }}
{{- if not (has $mode (list "filesystem" "s3")) }}
{{- fail (printf "storage.mode must be filesystem or s3, not %q" $mode) }}
{{- end }}
{{- if and (eq $mode "s3") (not .Values.storage.s3.bucket) }}
{{- fail "storage.mode=s3 needs storage.s3.bucket (an existing bucket)" }}
{{- end }}
{{- if and (eq $mode "s3") (not .Values.storage.s3.existingSecret) (ne (empty .Values.storage.s3.accessKey) (empty .Values.storage.s3.secretKey)) }}
{{- fail "storage.s3.accessKey and storage.s3.secretKey go together: set both, or neither to use the default AWS credential chain" }}
{{- end }}
{{- $replicas := int .Values.replicaCount }}
{{- if gt $replicas 1 }}
{{- $shared := and .Values.persistence.enabled (has "ReadWriteMany" .Values.persistence.accessModes) }}
{{- if and (eq $mode "filesystem") (not $shared) }}
{{- fail (printf "replicaCount=%d with storage.mode=filesystem needs one volume every replica mounts: a job resumed, a model downloaded or a prediction served on one replica reads files another wrote. Set persistence.accessModes={ReadWriteMany} (a storage class that offers it: NFS, CephFS, EFS, Filestore, Azure Files) or storage.mode=s3 with a bucket" $replicas) }}
{{- end }}
{{- if and (eq $mode "s3") .Values.persistence.enabled (not $shared) }}
{{- fail (printf "replicaCount=%d cannot share a ReadWriteOnce volume (it mounts on one node only): with storage.mode=s3 set persistence.enabled=false (each pod then keeps its own data root) or persistence.accessModes={ReadWriteMany}" $replicas) }}
{{- end }}
{{- end }}
{{- end }}

{{- define "anneal.s3SecretName" -}}
{{- default (include "anneal.fullname" .) .Values.storage.s3.existingSecret }}
{{- end }}
