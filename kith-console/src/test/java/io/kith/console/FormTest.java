package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import org.junit.jupiter.api.Test;

class FormTest {
    @Test
    void fieldsAreDecodedAsAFormEncodes() {
        Form f = Form.parse("username=ann%40example.com&next=%2Fsegments&q=two+words&q=again&empty=");
        assertThat(f.get("username")).isEqualTo("ann@example.com");
        assertThat(f.get("next")).isEqualTo("/segments");
        assertThat(f.get("q")).isEqualTo("two words");
        assertThat(f.text("empty")).isEmpty();
        assertThat(f.get("absent")).isNull();
    }

    @Test
    void aMalformedEscapeIsTheSendersMistakeNotAFailure() {
        // the sign-in form is open to anyone: this answered a 500 page
        for (String body : new String[] {"username=%zz&password=x", "username=a&password=%", "%=x"}) {
            assertThatThrownBy(() -> Form.parse(body)).as(body).isInstanceOfSatisfying(KithException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }
}
