package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The platform image catalogue and how builds are cached. */
class PlatformImagesTest {
    @Test
    void the_tiny_image_is_cached_by_a_digest_of_its_inputs() {
        assertThat(ImageCache.key(PlatformImages.TINY)).matches("tiny-1\\.0\\.0-[0-9a-f]{12}");
    }

    @Test
    void every_input_of_every_builder_is_on_the_class_path() {
        for (PlatformImages.PlatformImage image : PlatformImages.all()) {
            assertThat(ImageCache.INPUTS).containsKey(image.builder());
            for (String input : ImageCache.INPUTS.get(image.builder())) {
                assertThat(ImageCache.class.getResource("images/" + input)).as(input).isNotNull();
            }
        }
    }

    @Test
    void images_to_build_are_named_by_alias_or_urn_and_an_unknown_name_is_refused_with_the_known_ones() {
        assertThat(ImageBuildCommand.select(List.of("strAtotinylinux", "Strato:tiny-linux:busybox:latest")))
                .containsExactly(PlatformImages.TINY, PlatformImages.TINY);
        assertThat(ImageBuildCommand.select(List.of())).isEqualTo(PlatformImages.all());
        assertThatThrownBy(() -> ImageBuildCommand.select(List.of("Ubuntu2204")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no platform image 'Ubuntu2204'").hasMessageContaining("StratoTinyLinux (Strato:tiny-linux:busybox:1.0.0)");
    }
}
