// Every operation of the spec, called through the TypeScript client `make spec-clients` generates from the
// published bundle (dist/clients/typescript-fetch), unmodified, against a running sandbox.
//
//     node build/ts-client/tests/publish/ts_client/run.js BASE_URL USERNAME PASSWORD
//
// Prints one JSON object: what each call answered. tests/publish/test_ts_client_run.py starts the sandbox,
// runs this and checks the answers. The only calls that are not the client's are the sandbox's own admin
// routes (its clock and an injected inbound SMS), which are no part of the API.
import {
    AccountApi,
    ApiErrorFromJSON,
    Configuration,
    NumberContextApi,
    ReceiveSMSApi,
    ReportsAndLogsApi,
    ResponseError,
    SendSMSApi,
} from "../../../dist/clients/typescript-fetch/src/index";

// The little of Node used here (no @types/node: nothing beyond the pinned npm tools is installed).
declare const process: { argv: string[]; exit(code: number): never };

function basicAuth(username: string, password: string): string {
    const bytes = new TextEncoder().encode(`${username}:${password}`);
    return "Basic " + btoa(String.fromCharCode(...bytes));
}

async function admin(baseUrl: string, auth: string, path: string, body: object): Promise<void> {
    const answer = await fetch(baseUrl + path, {
        method: "POST",
        headers: { Authorization: auth, "Content-Type": "application/json" },
        body: JSON.stringify(body),
    });
    if (!answer.ok) {
        throw new Error(`sandbox admin ${path} answered ${answer.status}`);
    }
}

async function main(baseUrl: string, username: string, password: string): Promise<object> {
    const config = new Configuration({ basePath: baseUrl, username, password });
    const send = new SendSMSApi(config);
    const reports = new ReportsAndLogsApi(config);
    const inbox = new ReceiveSMSApi(config);
    const numbers = new NumberContextApi(config);
    const account = new AccountApi(config);
    const auth = basicAuth(username, password);

    const balanceBefore = await account.getAccountBalance();
    const single = await send.sendSingleTextSms({
        sMSTextualRequest: { from: "InfoSMS", to: "41793026727", text: "My first SMS" },
    });
    const several = await send.sendSingleTextSms({
        sMSTextualRequest: { from: "InfoSMS", to: ["41793026727", "41793026734", "not a number"], text: "Hi" },
    });
    const multi = await send.sendMultiTextSms({
        sMSMultiTextualRequest: {
            messages: [
                { from: "InfoSMS", to: ["41793026727", "41793026731"], text: "May the Force be with you!" },
                { from: "41793026700", to: "41793026785", text: "A long time ago. ".repeat(12) },
            ],
        },
    });
    const binary = await send.sendSingleBinarySms({
        sMSBinaryRequest: {
            from: "InfoSMS",
            to: "41793026727",
            binary: { hex: "54 65 73 74 20 6d 65 73 73 61 67 65 2e", dataCoding: 0, esmClass: 0 },
        },
    });
    const multiBinary = await send.sendMultiBinarySms({
        sMSMultiBinaryRequest: {
            messages: [
                { to: ["41793026727", "41793026731"], binary: { hex: "54 65 73 74" } },
                { from: "41793026700", to: "41793026785", binary: { hex: "d1 82 d0 b5", dataCoding: 8 } },
            ],
        },
    });
    const bulkId = `TS-BULK-${Date.now()}`;
    const advanced = await send.sendAdvancedTextSms({
        sMSAdvancedTextualRequest: {
            bulkId,
            messages: [
                {
                    from: "InfoSMS",
                    destinations: [{ to: "41793026727", messageId: `${bulkId}-1` }, { to: "41793026738" }],
                    text: "Artık Ulusal Dil Tanımlayıcısı",
                    flash: false,
                    language: { languageCode: "TR", singleShift: true, lockingShift: false },
                    transliteration: "TURKISH",
                    callbackData: "DLR callback data",
                    validityPeriod: 86400000,
                },
                { destinations: [{ to: "41793026785" }], text: "later", sendAt: new Date(Date.now() + 60_000) },
            ],
        },
    });
    // Every message reaches its final status: the sandbox's clock is moved past the send time and delivery.
    await admin(baseUrl, auth, "/sandbox/clock/advance", { seconds: 120 });
    const deliveryReports = await reports.getDeliveryReports({ bulkId, limit: 10 });
    const reportsAgain = await reports.getDeliveryReports({ bulkId });
    const logs = await reports.getSentSmsLogs({ bulkId: [bulkId, several.bulkId ?? ""], limit: 10 });
    const delivered = await reports.getSentSmsLogs({
        generalStatus: "DELIVERED",
        sentSince: new Date(Date.now() - 3_600_000),
        limit: 100,
    });

    await admin(baseUrl, auth, "/sandbox/inbound", { from: "385998779111", to: "41793026727", text: "KEY hi" });
    const received = await inbox.getReceivedSms({ limit: 5 });
    const receivedAgain = await inbox.getReceivedSms({});
    const receivedLogs = await inbox.getReceivedSmsLogs({ keyword: "KEY", to: "41793026727" });

    const query = await numbers.queryNumberContext({ nCRequest: { to: ["41793026727", "385981178"] } });
    const notify = await numbers.notifyNumberContext({
        nCNotifyRequest: { to: "41793026727", notifyUrl: "http://127.0.0.1:9/nc", notifyContentType: "application/json" },
    });
    const balanceAfter = await account.getAccountBalance();

    let unauthorized: object = { thrown: false };
    try {
        await new AccountApi(new Configuration({ basePath: baseUrl, username, password: "wrong" })).getAccountBalance();
    } catch (error) {
        if (!(error instanceof ResponseError)) {
            throw error;
        }
        const body = ApiErrorFromJSON(await error.response.json());
        unauthorized = {
            thrown: true,
            status: error.response.status,
            wwwAuthenticate: error.response.headers.get("WWW-Authenticate"),
            messageId: body.requestError.serviceException.messageId,
        };
    }
    return {
        balanceBefore, single, several, multi, binary, multiBinary, advanced, deliveryReports, reportsAgain, logs,
        delivered, received, receivedAgain, receivedLogs, query, notify, balanceAfter, unauthorized,
    };
}

const [baseUrl, username, password] = process.argv.slice(2);
if (baseUrl === undefined || username === undefined || password === undefined) {
    console.error("usage: node run.js BASE_URL USERNAME PASSWORD");
    process.exit(2);
}
main(baseUrl, username, password).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
        console.error(error);
        process.exit(1);
    },
);
