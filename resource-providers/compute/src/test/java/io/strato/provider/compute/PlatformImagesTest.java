package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The platform image catalogue, its alias document, and how builds are cached. */
class PlatformImagesTest {
    @Test
    void debian_12_is_catalogued_under_the_names_azure_gives_it() {
        assertThat(PlatformImages.find("Debian", "debian-12", "12-gen2", "latest")).contains(PlatformImages.DEBIAN_12);
        assertThat(PlatformImages.find("debian", "DEBIAN-12", "12", "1.0.0")).contains(PlatformImages.DEBIAN_12_GEN1);
        assertThat(PlatformImages.DEBIAN_12.generation()).isEqualTo("V2");
        assertThat(PlatformImages.DEBIAN_12_GEN1.generation()).isEqualTo("V1");
        assertThat(PlatformImages.find("Debian", "debian-11", "11", "latest")).isEmpty();
    }

    @Test
    void the_alias_document_names_debian12_and_the_tiny_image_and_nothing_without_an_alias() {
        JsonNode linux = PlatformImages.aliasDocument().path("outputs").path("aliases").path("value").path("Linux");

        assertThat(linux.path("Debian12").path("publisher").asText()).isEqualTo("Debian");
        assertThat(linux.path("Debian12").path("offer").asText()).isEqualTo("debian-12");
        assertThat(linux.path("Debian12").path("sku").asText()).isEqualTo("12-gen2");
        assertThat(linux.path("Debian12").path("version").asText()).isEqualTo("latest");
        assertThat(linux.path("StratoTinyLinux").path("offer").asText()).isEqualTo("tiny-linux");
        assertThat(linux.size()).isEqualTo(2);
    }

    @Test
    void both_debian_skus_share_one_build_cached_by_a_digest_of_its_inputs() {
        String debian = ImageCache.key(PlatformImages.DEBIAN_12);

        assertThat(debian).matches("debian-1\\.0\\.0-[0-9a-f]{12}");
        assertThat(ImageCache.key(PlatformImages.DEBIAN_12_GEN1)).isEqualTo(debian);
        assertThat(ImageCache.key(PlatformImages.TINY)).matches("tiny-1\\.0\\.0-[0-9a-f]{12}").isNotEqualTo(debian);
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
    void every_file_a_builder_reads_beside_it_is_an_input_so_changing_it_builds_the_image_anew() throws Exception {
        for (String builder : ImageCache.INPUTS.keySet()) {
            String script;
            try (var in = ImageCache.class.getResourceAsStream("images/" + builder)) {
                script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$HERE/([A-Za-z0-9._-]+)").matcher(script);
            List<String> read = new java.util.ArrayList<>();
            while (m.find()) read.add(m.group(1));
            assertThat(read).as(builder).isNotEmpty();
            assertThat(ImageCache.INPUTS.get(builder)).as(builder).containsAll(read);
        }
        assertThat(ImageCache.INPUTS.get(PlatformImages.DEBIAN_12.builder())).contains("debian-extensions.sh", "debian-extensions.service");
    }

    @Test
    void images_to_build_are_named_by_alias_or_urn_and_an_unknown_name_is_refused_with_the_known_ones() {
        assertThat(ImageBuildCommand.select(List.of("debian12", "Strato:tiny-linux:busybox:latest")))
                .containsExactly(PlatformImages.DEBIAN_12, PlatformImages.TINY);
        assertThat(ImageBuildCommand.select(List.of())).isEqualTo(PlatformImages.all());
        assertThatThrownBy(() -> ImageBuildCommand.select(List.of("Ubuntu2204")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no platform image 'Ubuntu2204'").hasMessageContaining("Debian12 (Debian:debian-12:12-gen2:1.0.0)");
    }
}
