import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidWebhookSignature,
  signatureBaseString,
  signRequest,
  webhookSignature,
} from '#lib/tiktok/signing.ts';
import { expectedSign } from '#local/tiktok/verify.ts';

// TikTok Shop Partner Center, "Sign your API request", step-by-step breakdown (Get Authorized Shops).
const DOC_SECRET = 'e59af819cc';
const DOC_REQUEST = {
  path: '/authorization/202309/shops',
  query: { app_key: '29a39d', timestamp: '1623812664' },
  contentType: 'application/json',
};
const DOC_SIGN = 'b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8';

// TikTok Shop Partner Center, "Webhooks overview": app key abcdef, app secret 123, this payload.
const WEBHOOK_PAYLOAD =
  '{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507","timestamp":1718305585,"data":{"is_on_hold_order":true,"order_id":"576653688135258178","order_status":"UNPAID","update_time":1718305585}}';
const WEBHOOK_SIGN = '5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05';

const key = fc
  .stringMatching(/^[a-z][a-z_]{0,11}$/)
  .filter((name) => name !== 'sign' && name !== 'access_token');
const value = fc.stringMatching(/^[A-Za-z0-9_.~-]{0,24}$/);
const query = fc.dictionary(key, value, { minKeys: 1, maxKeys: 8 });
const body = fc.option(fc.json(), { nil: undefined });
const path = fc.stringMatching(/^(\/[a-z0-9_]{1,12}){1,4}$/);

describe('request signing', () => {
  it("reproduces the worked example of TikTok's documentation", () => {
    // Act
    const base = signatureBaseString(DOC_REQUEST);
    const sign = signRequest(DOC_REQUEST, DOC_SECRET);

    // Assert
    expect(base).toBe('/authorization/202309/shopsapp_key29a39dtimestamp1623812664');
    expect(sign).toBe(DOC_SIGN);
  });

  it("builds the documented string for a request with a body (Update Shop Webhook) and signs the body's exact text", () => {
    // Arrange
    const request = {
      path: '/event/202309/webhooks',
      query: {
        timestamp: '1696909648',
        shop_cipher: 'ROW_xkMbgAAAeVAQra0eZWebFQq5aIK',
        app_key: '68xu9ks5p4i8',
      },
      body: '{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}',
    };

    // Act
    const base = signatureBaseString(request);

    // Assert
    expect(base).toBe(
      '/event/202309/webhooksapp_key68xu9ks5p4i8shop_cipherROW_xkMbgAAAeVAQra0eZWebFQq5aIKtimestamp1696909648{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}',
    );
    expect(signRequest({ ...request, body: `${request.body} ` }, DOC_SECRET)).not.toBe(
      signRequest(request, DOC_SECRET),
    );
  });

  it('leaves out sign, access_token and a multipart body', () => {
    // Arrange
    const withExtras = {
      ...DOC_REQUEST,
      query: { ...DOC_REQUEST.query, sign: 'old', access_token: 'TTP_x' },
      body: '--boundary\r\nbytes',
      contentType: 'multipart/form-data; boundary=boundary',
    };

    // Act / Assert
    expect(signRequest(withExtras, DOC_SECRET)).toBe(DOC_SIGN);
  });

  it('does not depend on the order of the query parameters', () => {
    fc.assert(
      fc.property(query, fc.string(), (params, secret) => {
        const reversed = Object.fromEntries(Object.entries(params).reverse());
        expect(signRequest({ path: '/p', query: reversed }, secret)).toBe(
          signRequest({ path: '/p', query: params }, secret),
        );
      }),
    );
  });

  it('changes with any signed part: a value, the path, the body or the secret', () => {
    fc.assert(
      fc.property(
        query,
        path,
        fc.json(),
        fc.stringMatching(/^[a-f0-9]{8,40}$/),
        (params, route, json, secret) => {
          const request = { path: route, query: params, body: json };
          const signed = signRequest(request, secret);
          const [firstKey = '', firstValue = ''] = Object.entries(params)[0] ?? [];
          expect(
            signRequest({ ...request, query: { ...params, [firstKey]: `${firstValue}x` } }, secret),
          ).not.toBe(signed);
          expect(signRequest({ ...request, path: `${route}/x` }, secret)).not.toBe(signed);
          expect(signRequest({ ...request, body: `${json} ` }, secret)).not.toBe(signed);
          expect(signRequest(request, `${secret}0`)).not.toBe(signed);
        },
      ),
    );
  });

  it("agrees with the stand-in's independent verifier for any request as it travels in a URL", () => {
    fc.assert(
      fc.property(query, path, body, fc.stringMatching(/^[a-f0-9]{8,40}$/), (params, route, json, secret) => {
        const url = new URL(route, 'http://tiktok.test');
        for (const [name, text] of Object.entries(params)) url.searchParams.set(name, text);
        const sent = json ?? '';
        expect(signRequest({ path: route, query: params, body: sent }, secret)).toBe(
          expectedSign(url, sent, 'application/json', secret),
        );
      }),
    );
  });
});

describe('webhook signatures', () => {
  it("reproduces the example of TikTok's webhook documentation", () => {
    expect(webhookSignature('abcdef', '123', WEBHOOK_PAYLOAD)).toBe(WEBHOOK_SIGN);
    expect(isValidWebhookSignature(WEBHOOK_SIGN, 'abcdef', '123', WEBHOOK_PAYLOAD)).toBe(true);
  });

  it('accepts exactly the signature of the body as received', () => {
    fc.assert(
      fc.property(fc.json(), fc.string({ minLength: 1 }), fc.nat(63), (payload, secret, position) => {
        const signature = webhookSignature('app', secret, payload);
        const flipped = `${signature.slice(0, position)}${signature[position] === '0' ? '1' : '0'}${signature.slice(position + 1)}`;

        expect(isValidWebhookSignature(signature, 'app', secret, payload)).toBe(true);
        expect(isValidWebhookSignature(flipped, 'app', secret, payload)).toBe(false);
        expect(isValidWebhookSignature(signature, 'app', secret, `${payload} `)).toBe(false);
        expect(isValidWebhookSignature(signature.slice(1), 'app', secret, payload)).toBe(false);
        expect(isValidWebhookSignature(undefined, 'app', secret, payload)).toBe(false);
      }),
    );
  });
});
