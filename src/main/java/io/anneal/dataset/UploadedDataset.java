package io.anneal.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.springframework.data.domain.Persistable;
import org.hibernate.type.SqlTypes;

/**
 * One uploaded dataset: its tenant and name (unique within the tenant), the stored splits it refers to,
 * the bytes uploaded (for the tenant's quota) and its description as JSON.
 */
@Entity
@Table(name = "uploaded_dataset")
@IdClass(UploadedDataset.Key.class)
class UploadedDataset implements Persistable<UploadedDataset.Key> {

    /** The primary key: datasets are named within their tenant. */
    record Key(String owner, String name) implements java.io.Serializable {
    }

    @Id
    private String owner;
    @Id
    private String name;
    private long bytes;
    private String sha256;
    private String trainBlob;
    private String testBlob;
    private Instant createdAt;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String description;
    @Transient
    private boolean fresh = true;

    protected UploadedDataset() {
    }

    UploadedDataset(String owner, String name, long bytes, String sha256, String trainBlob, String testBlob,
            Instant createdAt, String description) {
        this.owner = owner;
        this.bytes = bytes;
        this.name = name;
        this.sha256 = sha256;
        this.trainBlob = trainBlob;
        this.testBlob = testBlob;
        this.createdAt = createdAt;
        this.description = description;
    }

    /** New until loaded or stored: a new one is inserted, never merged, so a second upload of a name fails on the key. */
    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void stored() {
        fresh = false;
    }

    @Override
    public Key getId() {
        return new Key(owner, name);
    }

    String name() { return name; }
    String trainBlob() { return trainBlob; }
    String testBlob() { return testBlob; }
    String description() { return description; }
}
