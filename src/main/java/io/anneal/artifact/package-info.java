/**
 * Opaque references to the files a job leaves behind (checkpoints and trained models), the one SHA-256
 * helper that names their contents, and the storage every replica reads them from: an
 * {@link io.anneal.artifact.ArtifactStore} per area, on the filesystem or in an S3 bucket. Modules pass
 * the references around and store them without looking inside; only the training module reads or
 * writes the checkpoints and models they point to, only the dataset module its blobs.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.anneal.artifact;
