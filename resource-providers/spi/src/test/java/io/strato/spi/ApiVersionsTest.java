package io.strato.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.model.ApiVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiVersionsTest {
    final ApiVersions apis = ApiVersions.of(List.of("2016-01-01", "2019-06-01", "2021-01-01", "2022-09-01", "2025-06-01"), List.of("2019-06-01", "2022-09-01"));

    @Test
    void aPublishedVersionIsServedByTheNearestShapeAtOrBelowIt() {
        assertThat(apis.shapeFor(ApiVersion.parse("2021-01-01"))).hasToString("2019-06-01");
        assertThat(apis.shapeFor(ApiVersion.parse("2025-06-01"))).hasToString("2022-09-01");
    }

    @Test
    void aVersionOlderThanEveryShapeGetsTheOldestShape() {
        assertThat(apis.shapeFor(ApiVersion.parse("2016-01-01"))).hasToString("2019-06-01");
    }

    @Test
    void onlyPublishedVersionsAreAcceptedAndTheyAreDescribedNewestFirst() {
        assertThat(apis.isPublished(ApiVersion.parse("2020-01-01"))).isFalse();
        assertThat(apis.describe()).startsWith("2025-06-01, 2022-09-01");
        assertThat(apis.newest()).hasToString("2025-06-01");
    }
}
