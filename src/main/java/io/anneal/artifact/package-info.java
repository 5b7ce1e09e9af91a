/**
 * Opaque references to the files a job leaves behind (checkpoints and trained models) and the one
 * SHA-256 helper that names their contents. Modules pass these references around and store them
 * without looking inside; only the training module reads or writes the files they point to.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.anneal.artifact;
