package io.intercomsync.intercom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConflictExceptionTest {
    @Test
    void readsTheExistingContactsIdFromIntercomsMessage() {
        var e = new ConflictException("A contact matching those details already exists with id=5f7f0d217289f8d2f4262080");
        assertThat(e.existingId()).isEqualTo("5f7f0d217289f8d2f4262080");
        assertThat(e.archived()).isFalse();
        assertThat(e.status()).isEqualTo(409);
    }

    @Test
    void recognisesAnArchivedDuplicate() {
        var e = new ConflictException("An archived contact matching those details already exists with id=abc123");
        assertThat(e.existingId()).isEqualTo("abc123");
        assertThat(e.archived()).isTrue();
    }

    @Test
    void hasNoIdWhenTheMessageGivesNone() {
        assertThat(new ConflictException("conflict").existingId()).isNull();
    }
}
