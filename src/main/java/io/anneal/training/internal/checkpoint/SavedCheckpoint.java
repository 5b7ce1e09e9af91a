package io.anneal.training.internal.checkpoint;

import io.anneal.artifact.CheckpointRef;
import io.anneal.training.CheckpointUnusableException;
import io.anneal.training.internal.TrainingPosition;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A checkpoint on disk as the trainer needs it: the file, its SHA-256 and the exact training position it
 * resumes at. Other modules hold it only as the JSON token of a {@link CheckpointRef}; its fields may
 * change as long as tokens already stored still parse.
 */
public record SavedCheckpoint(String path, String sha256, TrainingPosition position) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public CheckpointRef toRef(Instant savedAt) {
        return new CheckpointRef(JSON.writeValueAsString(this), position.step(), position.epoch(), savedAt);
    }

    /** @throws CheckpointUnusableException if the token is not one this module issued */
    public static SavedCheckpoint of(CheckpointRef ref) {
        try {
            SavedCheckpoint checkpoint = JSON.readValue(ref.token(), SavedCheckpoint.class);
            if (checkpoint.path() == null || checkpoint.sha256() == null || checkpoint.position() == null) {
                throw new CheckpointUnusableException("checkpoint reference lacks its file, hash or position");
            }
            return checkpoint;
        } catch (JacksonException e) {
            throw new CheckpointUnusableException("checkpoint reference is unreadable: " + e.getOriginalMessage());
        }
    }
}
