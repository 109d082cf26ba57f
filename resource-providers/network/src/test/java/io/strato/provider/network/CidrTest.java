package io.strato.provider.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void a_subnet_keeps_its_first_four_and_last_address_back() {
        Cidr c = Cidr.tryParse("10.0.1.0/24").orElseThrow();
        assertThat(c.gateway()).isEqualTo("10.0.1.1");
        assertThat(Cidr.format(c.firstAssignable())).isEqualTo("10.0.1.4");
        assertThat(Cidr.format(c.lastAssignable())).isEqualTo("10.0.1.254");
    }

    @Test
    void containment_and_overlap_follow_the_ranges() {
        Cidr big = Cidr.tryParse("10.0.0.0/16").orElseThrow(), small = Cidr.tryParse("10.0.3.0/24").orElseThrow(), other = Cidr.tryParse("10.1.0.0/16").orElseThrow();
        assertThat(big.contains(small)).isTrue();
        assertThat(big.overlaps(small)).isTrue();
        assertThat(big.overlaps(other)).isFalse();
    }

    @Test
    void malformed_text_is_not_a_prefix() {
        assertThat(Cidr.tryParse("10.0.0/24")).isEmpty();
        assertThat(Cidr.tryParse("10.0.0.256/24")).isEmpty();
        assertThat(Cidr.tryParse("10.0.0.0/33")).isEmpty();
        assertThat(Cidr.tryParse("10.0.0.0")).isEmpty();
    }
}
