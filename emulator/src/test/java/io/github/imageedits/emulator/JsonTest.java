package io.github.imageedits.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsTheDocumentedCallbackPayload() {
    // The callback payload of AceData's Images Edits guide, as printed (the image cut short).
    String payload = "{\n  \"success\": true,\n  \"task_id\": \"6a97bf49-df50-4129-9e46-119aa9fca73c\",\n"
        + "  \"trace_id\": \"9b4b1ff3-90f2-470f-b082-1061ec2948cc\",\n  \"data\": {\n    \"created\": 1721626477,\n"
        + "    \"data\": [\n      {\n        \"b64_json\": \"iVBORw0KGgo...\"\n      }\n    ]\n  }\n}";
    Object tree = Json.parse(payload);
    assertThat(tree).isInstanceOf(Map.class);
    assertThat(List.copyOf(((Map<?, ?>) tree).keySet())).as("member order kept").isEqualTo(List.of("success", "task_id", "trace_id", "data"));
    Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) tree).get("data");
    assertThat(data.get("created")).isEqualTo(1721626477.0);
    assertThat(Json.text(data.get("created"))).isEqualTo("1721626477");
    assertThat(((List<?>) data.get("data"))).hasSize(1);
    assertThat(Json.parse(Json.write(tree))).isEqualTo(tree);
  }

  @Test
  void escapesAndNumbers() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("text", "a \"quote\"\n\u0001 and ü");
    map.put("numbers", Arrays.asList(1L, 2.5, 83.859, 3, null, true));
    String json = Json.write(map);
    assertThat(json).isEqualTo("{\"text\":\"a \\\"quote\\\"\\n\\u0001 and ü\",\"numbers\":[1,2.5,83.859,3,null,true]}");
    assertThat(Json.parse(json)).isEqualTo(Map.of("text", "a \"quote\"\n\u0001 and ü",
        "numbers", Arrays.asList(1.0, 2.5, 83.859, 3.0, null, true)));
    assertThat(Json.parse("\"\\u00fc\\/\"")).isEqualTo("ü/");
    assertThat(Json.text(2.0)).isEqualTo("2");
    assertThat(Json.text(0.5)).isEqualTo("0.5");
    assertThat(Json.text(true)).isEqualTo("true");
  }

  @Test
  void writesNullsTheProvidersSend() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", "m");
    error.put("param", null);
    assertThat(Json.write(error)).isEqualTo("{\"message\":\"m\",\"param\":null}");
  }

  @Test
  void refusesBrokenJson() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1,}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("[1 2]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsContentDispositionParameters() {
    assertThat(EditForm.dispositionParams("form-data; name=\"image[]\"; filename=\"a;b \\\"c\\\".png\""))
        .containsExactly(Map.entry("name", "image[]"), Map.entry("filename", "a;b \"c\".png"));
    assertThat(EditForm.dispositionParams("form-data; NAME=prompt")).containsExactly(Map.entry("name", "prompt"));
  }
}
