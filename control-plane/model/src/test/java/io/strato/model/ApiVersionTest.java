package io.strato.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiVersionTest {
    @Test
    void versionsOrderByDateAndAStableVersionSortsAfterItsPreview() {
        assertThat(ApiVersion.parse("2019-06-01")).isGreaterThan(ApiVersion.parse("2019-06-01-preview"));
        assertThat(ApiVersion.parse("2020-01-01-preview")).isGreaterThan(ApiVersion.parse("2019-06-01"));
        assertThat(ApiVersion.parse("2019-06-01-Preview").toString()).isEqualTo("2019-06-01-preview");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2019", "2019-13-01", "2019-02-30", "latest", "2019-06-01-nightly", "2019-06-01; drop"})
    void malformedVersionsAreNotWellFormed(String text) {
        assertThat(ApiVersion.isWellFormed(text)).isFalse();
    }
}
