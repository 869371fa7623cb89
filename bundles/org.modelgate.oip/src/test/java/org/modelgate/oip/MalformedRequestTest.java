package org.modelgate.oip;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelgate.api.InvalidInputException;

/**
 * Feature: every malformed body is refused with an InvalidInputException that says what to fix.
 *
 * <p>Each row: the body (single quotes stand for double quotes, ~ for a line break) and the exact message.
 */
class MalformedRequestTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'inputs':[{'name':'features','shape':[1,4],'datatype':'FP32','data':[1,2,3]}]}"
                + "|input 'features': data has 3 elements, shape [1,4] needs 4",
        "{'inputs':[{'name':'x','shape':[3],'datatype':'FP32','data':[1,2,'abc']}]}"
                + "|input 'x': value 'abc' at index 2 is not a number",
        "{'inputs':[{'name':'x','shape':[3],'datatype':'FP32','data':[1,2,3]"
                + "|unexpected end of JSON at line 1 column 68",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':[1}]}"
                + "|malformed JSON at line 1 column 63: Unexpected close marker '}': expected ']' (for Array starting at [line: 1, column: 61])",
        "{'inputs':[{'name':'x',|unexpected end of JSON at line 1 column 24",
        "{'inputs':[{'name':'x','shape':[1],~  'datatype':'FP32','data':[1]}|unexpected end of JSON at line 2 column 32",
        "``|request body is empty; expected a JSON object with \"inputs\"",
        "[1,2]|request body must be a JSON object, got an array",
        "{'id':'a'}|request has no \"inputs\"; expected \"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]",
        "{'inputs':{'name':'x'}}|\"inputs\" must be an array of objects, got an object",
        "{'inputs':[5]}|input 0 must be an object, got a number",
        "{'inputs':[{'shape':[1],'datatype':'FP32','data':[1]}]}|input 0 has no \"name\"",
        "{'inputs':[{'name':'','shape':[1]}]}|input 0: \"name\" must be a non-empty string, got a string",
        "{'inputs':[{'name':'x','datatype':'FP32','data':[1]}]}|input 'x' has no \"shape\"",
        "{'inputs':[{'name':'x','shape':[1],'data':[1]}]}|input 'x' has no \"datatype\"",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'FP8','data':[1]}]}"
                + "|input 'x': datatype 'FP8' is not supported; expected one of BOOL, UINT8, INT8, INT16, INT32, INT64, FP16, BF16, FP32, FP64, BYTES",
        "{'inputs':[{'name':'x','shape':[1],'datatype':7,'data':[1]}]}"
                + "|input 'x': \"datatype\" must be a string such as \"FP32\", got a number",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'FP32'}]}"
                + "|input 'x' has no \"data\" (nor \"parameters\": {\"binary_data_size\"} with its bytes after the JSON)",
        "{'inputs':[{'name':'x','shape':[1,-1],'datatype':'FP32','data':[1]}]}"
                + "|input 'x': \"shape\" must be an array of non-negative integers, got -1",
        "{'inputs':[{'name':'x','shape':'2x2','datatype':'FP32','data':[1]}]}"
                + "|input 'x': \"shape\" must be an array of non-negative integers, got '2x2'",
        "{'inputs':[{'name':'x','shape':[100000,100000],'datatype':'FP32','data':[1]}]}"
                + "|input 'x': shape [100000,100000] has more than 2147483647 elements",
        "{'inputs':[{'name':'x','shape':[2],'datatype':'INT8','data':[1,200]}]}"
                + "|input 'x': value 200 at index 1 is out of range for INT8 (-128 to 127)",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'UINT8','data':[-1]}]}"
                + "|input 'x': value -1 at index 0 is out of range for UINT8 (0 to 255)",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'INT16','data':[32768]}]}"
                + "|input 'x': value 32768 at index 0 is out of range for INT16 (-32768 to 32767)",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'INT32','data':[2147483648]}]}"
                + "|input 'x': value 2147483648 at index 0 is out of range for INT32 (-2147483648 to 2147483647)",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'INT64','data':[9223372036854775808]}]}"
                + "|input 'x': value 9223372036854775808 at index 0 is out of range for INT64 (-9223372036854775808 to 9223372036854775807)",
        "{'inputs':[{'name':'x','shape':[2],'datatype':'INT32','data':[1,1.5]}]}"
                + "|input 'x': value 1.5 at index 1 is not an integer",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'INT64','data':['7']}]}"
                + "|input 'x': value '7' at index 0 is not an integer",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'BOOL','data':['yes']}]}"
                + "|input 'x': value 'yes' at index 0 is not a boolean (true or false)",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'BOOL','data':[2]}]}"
                + "|input 'x': value 2 at index 0 is not a boolean (true or false)",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'BYTES','data':[5]}]}"
                + "|input 'x': value 5 at index 0 is not a string (BYTES elements are JSON strings)",
        "{'inputs':[{'name':'x','shape':[2],'datatype':'FP32','data':[1,null]}]}"
                + "|input 'x': value null at index 1 is not a number",
        "{'inputs':[{'name':'x','shape':[2],'datatype':'FP64','data':[1,{'v':2}]}]}"
                + "|input 'x': value an object at index 1 is not a number",
        "{'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':[1]},{'name':'x','shape':[1],'datatype':'FP32','data':[2]}]}"
                + "|input 'x' is given twice",
        "{'inputs':[]} {}|unexpected content after the request object at line 1 column 15",
        "{'inputs':[],'outputs':[{'parameters':{}}]}|output 0 has no \"name\"",
        "{'inputs':[],'outputs':'p'}"
                + "|\"outputs\" must be an array of objects such as {\"name\": \"probabilities\"}, got a string",
        "{'id':3,'inputs':[]}|\"id\" must be a string, got a number",
        "{'inputs':[{'data':[1,'z'],'name':'late','shape':[2],'datatype':'INT32'}]}"
                + "|input 'late': value 'z' at index 1 is not an integer",
    })
    void malformedBodiesAreRefusedWithAnActionableMessage(String body, String message) {
        String json = body.replace('\'', '"').replace('~', '\n');
        assertThatThrownBy(() -> OipCodec.readRequest(json))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(message);
    }
}
