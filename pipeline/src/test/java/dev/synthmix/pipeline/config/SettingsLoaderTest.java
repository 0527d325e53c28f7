package dev.synthmix.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SettingsCheck;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.ingest.SourceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingsLoaderTest {

  @AfterEach
  void clearProperties() {
    System.clearProperty("synthmix.warehouse");
    System.clearProperty("synthmix.wharehouse");
    System.clearProperty("synthmix.ingest.max-text-chars");
    System.clearProperty("synthmix.dedup.threshold");
  }

  /** As the launcher does: reference.conf + -D system properties, then every settings object. */
  @Test
  void aDedupThresholdAloneIsEnoughAndTheClusterThresholdFollowsIt() {
    System.setProperty("synthmix.dedup.threshold", "0.9");
    Config fromJvm = SettingsLoader.load();
    SettingsCheck.all(fromJvm);
    var dedup = dev.synthmix.pipeline.audit.AuditSettings.from(fromJvm).dedup();
    assertThat(dedup.threshold()).isEqualTo(0.9);
    assertThat(dedup.clusterThreshold()).as("cluster-threshold defaults to the threshold").isEqualTo(0.9);
  }

  @Test
  void aClusterThresholdBelowTheThresholdIsStillRefused() {
    assertThatThrownBy(() -> SettingsCheck.all(load("synthmix.dedup { threshold = 0.9, cluster-threshold = 0.85 }")))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("synthmix.dedup.cluster-threshold");
  }

  private static Config load(String hocon) {
    return SettingsLoader.load(SettingsLoader.parse(hocon));
  }

  @Test
  void referenceHoldsEveryDefault() {
    Config c = load("");
    assertThat(c.getString("synthmix.warehouse")).isEqualTo("target/synthmix-warehouse");
    assertThat(IngestSettings.from(c).sources()).isEmpty();
    assertThat(IngestSettings.from(c).maxTextChars()).isEqualTo(100_000_000L);
  }

  @Test
  void systemPropertiesOverrideTheFileAndTheFileOverridesReference() {
    assertThat(CommonSettings.from(load("synthmix.warehouse = \"/data/wh\"")).warehouse()).isEqualTo("file:/data/wh");
    System.setProperty("synthmix.warehouse", "s3a://bucket/wh/");
    Config fromJvm = SettingsLoader.load();
    assertThat(CommonSettings.from(fromJvm).warehouse()).as("-D wins, trailing slash dropped").isEqualTo("s3a://bucket/wh");
  }

  @Test
  void unknownKeyIsAUsageErrorNamingTheKey() {
    assertThatThrownBy(() -> load("synthmix.wharehouse = x"))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("synthmix.wharehouse")
        .hasMessageContaining("unknown key")
        .extracting(e -> ((SynthmixException) e).exitCode())
        .isEqualTo(ExitCode.USAGE);
  }

  @Test
  void anUnknownKeyGivenAsSystemPropertyIsCaughtToo() {
    System.setProperty("synthmix.wharehouse", "/x");
    assertThatThrownBy(SettingsLoader::load).hasMessageContaining("synthmix.wharehouse");
  }

  @Test
  void wrongTypeNamesTheKey() {
    // Typesafe's checkValid lets a string stand for a number; the typed settings object catches it.
    assertThatThrownBy(() -> IngestSettings.from(load("synthmix.ingest.max-text-chars = lots")))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("synthmix.ingest.max-text-chars")
        .extracting(e -> ((SynthmixException) e).exitCode())
        .isEqualTo(ExitCode.USAGE);
  }

  @Test
  void badRunDateAndRunIdAreRefused() {
    assertThatThrownBy(() -> CommonSettings.from(load("synthmix.run.date = 2024-13-01")))
        .hasMessageContaining("synthmix.run.date");
    assertThatThrownBy(() -> CommonSettings.from(load("synthmix.run.id = \"a b\"")))
        .hasMessageContaining("synthmix.run.id");
  }

  @Test
  void sourcesAreReadWithTheirFieldMappings() {
    IngestSettings s = IngestSettings.from(load(
        "synthmix.ingest.sources = [ { name = news, path = \"/in/news.csv\", fields { id = \"\", text = body },"
            + " extra-columns = [year], default-category = misc, csv { delimiter = \";\" } } ]"));
    SourceSpec news = s.sources().get(0);
    assertThat(news.format()).as("guessed from the extension").isEqualTo(Format.CSV);
    assertThat(news.idField()).as("empty id field = none").isNull();
    assertThat(news.textField()).isEqualTo("body");
    assertThat(news.categoryField()).isEqualTo("category");
    assertThat(news.extraColumns()).containsExactly("year");
    assertThat(news.defaultCategory()).isEqualTo("misc");
    assertThat(news.csvDelimiter()).isEqualTo(";");
  }

  @Test
  void aSourceWithAnUnknownKeyOrNoPathIsRefused() {
    assertThatThrownBy(() -> IngestSettings.from(load("synthmix.ingest.sources = [ { name = a, path = x.jsonl, feilds { id = i } } ]")))
        .hasMessageContaining("synthmix.ingest.sources[0]")
        .hasMessageContaining("feilds.id");
    assertThatThrownBy(() -> IngestSettings.from(load("synthmix.ingest.sources = [ { name = a } ]")))
        .hasMessageContaining("'path'");
    assertThatThrownBy(() -> IngestSettings.from(load("synthmix.ingest.sources = [ { name = a, path = x } ]")))
        .hasMessageContaining("set 'format'");
    assertThatThrownBy(() -> IngestSettings.from(load(
        "synthmix.ingest.sources = [ { name = a, path = x.jsonl }, { name = a, path = y.jsonl } ]")))
        .hasMessageContaining("used twice");
  }

  @Test
  void secretsAreMaskedInTheDumpAndTheHash() {
    Config c = load("synthmix.hadoop { \"fs.s3a.access.key\" = AKIAEXAMPLE, \"fs.s3a.secret.key\" = hunter2, \"fs.s3a.endpoint\" = minio }");
    String dump = SettingsLoader.renderMasked(c);
    assertThat(dump).doesNotContain("AKIAEXAMPLE").doesNotContain("hunter2").contains("minio").contains("***");
    Config other = load("synthmix.hadoop { \"fs.s3a.access.key\" = OTHER, \"fs.s3a.secret.key\" = other, \"fs.s3a.endpoint\" = minio }");
    assertThat(SettingsLoader.hash(c)).as("the hash never sees secrets").isEqualTo(SettingsLoader.hash(other));
    assertThat(CommonSettings.from(c).hadoop()).containsEntry("fs.s3a.endpoint", "minio");
  }

  @Test
  void aTokenCountIsASettingNotASecret() {
    Config c = load("synthmix.diversity.sample-window-tokens = 500, synthmix.hadoop { \"fs.azure.sas.token\" = sv2020 }");
    String dump = SettingsLoader.renderMasked(c);
    assertThat(dump).contains("\"sample-window-tokens\" : 500").doesNotContain("sv2020");
    assertThat(SettingsLoader.hash(c)).as("the window size is part of the settings hash")
        .isNotEqualTo(SettingsLoader.hash(load("synthmix.diversity.sample-window-tokens = 400")));
  }
}
