// Traffic for the forced-labor evaluation: clean filings from high-risk origins (no listed party,
// no region nexus) and seeded violations (a listed entity, a region nexus, an order's entity, a
// product order's material), each with what should happen. Everything is built here from fixed
// word lists and a seeded generator; the names of listed entities come from the real lists,
// split by a hash of their id into a tuning and a held-out half.

/** Goods by family: [origin, HTS, description]; the families the orders name and UFLPA sectors. */
export const GOODS = {
  cotton_apparel: [
    ['CN', '6109.10.00.12', "Men's T-shirts of cotton, knitted"],
    ['CN', '6206.30.30.10', "Women's blouses of cotton"],
    ['CN', '6302.21.90.10', 'Bed sheets of cotton, printed'],
    ['VN', '6109.10.00.12', 'Cotton crew-neck T-shirts'],
    ['BD', '6203.42.40.11', "Men's cotton denim trousers"],
    ['IN', '6204.62.40.06', "Women's cotton trousers"],
    ['MU', '6109.10.00.40', "Women's cotton T-shirts"],
  ],
  cotton_yarn: [
    ['CN', '5205.11.10.00', 'Cotton yarn, single, uncombed'],
    ['CN', '5208.12.40.20', 'Woven cotton fabric, unbleached'],
    ['PK', '5205.12.10.00', 'Cotton yarn, single, 80 nm'],
  ],
  tomatoes: [
    ['CN', '2002.90.80.00', 'Tomato paste in drums'],
    ['CN', '2002.10.00.00', 'Tomatoes, peeled, canned'],
    ['MX', '0702.00.20.00', 'Fresh tomatoes'],
  ],
  polysilicon: [
    ['CN', '8541.43.00.10', 'Monocrystalline silicon solar modules'],
    ['CN', '2804.61.00.00', 'Polysilicon chunks, solar grade'],
  ],
  gloves: [
    ['MY', '4015.19.05.10', 'Disposable nitrile examination gloves'],
    ['MY', '4015.19.10.10', 'Disposable rubber gloves'],
    ['CN', '6116.10.55.20', 'Work gloves, nitrile coated'],
  ],
  palm_oil: [['MY', '1511.10.00.00', 'Crude palm oil']],
  seafood: [
    ['CN', '0307.43.00.50', 'Frozen squid'],
    ['TW', '0303.42.00.20', 'Frozen yellowfin tuna'],
    ['CN', '1604.14.10.91', 'Tuna in oil, canned'],
  ],
  hair: [['CN', '6704.20.00.00', 'Human hair wigs']],
  garlic: [['CN', '0703.20.00.10', 'Peeled garlic, fresh']],
  stevia: [['CN', '2938.90.00.00', 'Stevia leaf extract, glycosides']],
  electronics: [
    ['CN', '8473.30.11.80', 'Computer parts, printed circuit assemblies'],
    ['CN', '8507.60.00.20', 'Lithium-ion battery packs'],
  ],
  metals: [
    ['CN', '7604.29.10.10', 'Aluminium alloy extrusions'],
    ['CN', '7318.15.20.95', 'Steel bolts, threaded'],
    ['CN', '3904.10.00.00', 'PVC resin, suspension grade'],
  ],
  bicycles: [['TW', '8712.00.25.00', 'Bicycles, 26 inch wheels']],
  tires: [['RS', '4011.10.10.10', 'Passenger car tires, radial']],
  sugar: [['DO', '1701.14.10.00', 'Raw cane sugar']],
  coffee: [['MX', '0901.11.00.15', 'Green coffee beans, arabica']],
  bone_black: [['BR', '3802.90.50.00', 'Bone black, activated']],
  other_tm: [
    ['TM', '5701.10.90.00', 'Hand-knotted wool carpets'],
    ['TM', '3901.10.10.00', 'Polyethylene granules'],
  ],
  other_mw: [
    ['MW', '0802.62.00.00', 'Macadamia nuts, shelled'],
    ['MW', '0902.40.00.00', 'Black tea in bulk'],
  ],
  diamonds: [['ZW', '7102.10.00.00', 'Rough diamonds, unsorted']],
  gold: [['CD', '7108.12.50.50', 'Gold bullion, unwrought']],
};

/** Cities outside every order's area, by country. */
const CITIES = {
  CN: ['Ningbo', 'Shaoxing', 'Nantong', 'Qingdao', 'Guangzhou', 'Shenzhen', 'Xiamen', 'Hangzhou', 'Suzhou'],
  VN: ['Hanoi', 'Ho Chi Minh City', 'Haiphong', 'Da Nang'],
  BD: ['Dhaka', 'Chittagong', 'Gazipur'],
  IN: ['Tiruppur', 'Ludhiana', 'Mumbai'],
  PK: ['Faisalabad', 'Lahore', 'Karachi'],
  MY: ['Klang', 'Ipoh', 'Penang', 'Seremban'],
  MU: ['Port Louis', 'Curepipe'],
  MX: ['Culiacan', 'Guadalajara', 'Veracruz'],
  TW: ['Taichung', 'Kaohsiung', 'Taipei'],
  RS: ['Belgrade', 'Novi Sad'],
  DO: ['Santo Domingo', 'San Pedro de Macoris'],
  BR: ['Sao Paulo', 'Curitiba'],
  TM: ['Ashgabat', 'Turkmenabat', 'Mary'],
  MW: ['Lilongwe', 'Blantyre'],
  ZW: ['Harare', 'Bulawayo'],
  CD: ['Kinshasa', 'Lubumbashi'],
  US: ['Austin', 'Dallas', 'Atlanta'],
};

const SYLLABLES =
  'an bo chen da fu gao hong hua jia jin kai lan li long mei ming ning qing rui sheng tai tian wei xin yang yi yuan zhi'.split(
    ' ',
  );
const INDUSTRY = [
  'Textile',
  'Garment',
  'Trading',
  'Foods',
  'Industrial',
  'Knitting',
  'Import & Export',
  'Manufacturing',
];
const FORMS = {
  CN: 'Co., Ltd.',
  VN: 'Company Limited',
  MY: 'Sdn. Bhd.',
  TW: 'Co., Ltd.',
  MX: 'S.A. de C.V.',
};

/** Material origins that are under no order. */
const CLEAN_COTTON = ['US', 'AU', 'BR', 'IN', 'CN'];

export function makeGenerator(r, pools) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  // A clean name names no place of an order's area ("Yili" is a Xinjiang prefecture): drawn again.
  const word = () => {
    for (;;) {
      const s = pick(SYLLABLES) + pick(SYLLABLES);
      if (!pools.avoid.has(s)) return s[0].toUpperCase() + s.slice(1);
    }
  };
  const company = (cc) => `${word()} ${word()} ${pick(INDUSTRY)} ${FORMS[cc] ?? 'Ltd.'}`;
  const city = (cc) => pick(CITIES[cc] ?? CITIES.CN);
  const party = (role, name, cc, c = city(cc)) => ({
    role,
    name,
    address: { street: `${1 + Math.floor(r() * 300)} ${word()} Road`, city: c, country: cc },
  });
  /** A listed name as filings write it: as listed, upper-case, or without punctuation. */
  const variant = (name) => {
    const x = r();
    return x < 0.5 ? name : x < 0.75 ? name.toUpperCase() : name.replace(/[.,()]/g, '').replace(/\s+/g, ' ');
  };
  let n = 0;
  const importerId = () => `27-${String(1_000_000 + Math.floor(r() * 8_999_999)).padStart(7, '0')}`;
  const filing = (good, seller, extra = {}) => {
    const [origin, hts, description] = good;
    const formal = r() < 0.5;
    n++;
    const ein = importerId();
    return {
      shipment: {
        type: formal ? 'formal' : 'low_value',
        reference: `FL-${n}`,
        transport: {
          mode: formal ? 'ocean' : 'air',
          port_of_entry: pick(['2704', '4701', '1001', '5301']),
          arrival_date: '2026-12-10',
        },
        parties: [
          seller,
          {
            role: 'importer',
            name: `${word()} ${pick(['Apparel', 'Imports', 'Supply', 'Brands'])} LLC`,
            address: { street: '1 Main St', city: city('US'), postal_code: '78701', country: 'US' },
            identifiers: [{ scheme: 'EIN', value: ein }],
          },
        ],
        lines: [
          {
            description: extra.description ?? description,
            hts,
            origin: extra.origin ?? origin,
            quantity: [{ value: 1 + Math.floor(r() * 50), unit: 'No.' }],
            value: {
              amount: formal ? 500_000 + Math.floor(r() * 5_000_000) : 2_000 + Math.floor(r() * 50_000),
              currency: 'USD',
            },
          },
        ],
      },
      parents: extra.parents ?? null,
      map: extra.map ?? null,
    };
  };
  /** A three-tier map: supplier, facility, raw material (the test decides what is in it). */
  const map = (hts, facility, raw) => ({
    product: 'line-1',
    hts: hts.replace(/\D/g, '').slice(0, 6),
    nodes: [
      { id: 'T1', name: `${word()} ${pick(INDUSTRY)} ${FORMS.VN}`, kind: 'supplier', tier: 1, country: 'VN' },
      { id: 'T2', kind: 'facility', tier: 2, ...facility },
      { id: 'T3', kind: 'raw_material', tier: 3, ...raw },
    ],
    edges: [
      { from: 'T1', to: 'member' },
      { from: 'T2', to: 'T1' },
      { from: 'T3', to: 'T2' },
    ],
  });
  const cleanFacility = () => ({
    name: `${word()} Spinning Mill`,
    country: 'CN',
    address: { city: city('CN') },
  });
  const cleanRaw = () => {
    const cc = pick(CLEAN_COTTON);
    return {
      name: 'Cotton lint',
      country: cc,
      material: 'cotton',
      ...(cc === 'CN' ? { region: 'Shandong' } : {}),
    };
  };
  const families = Object.keys(GOODS);
  const anyGood = (only) => pick(GOODS[only ?? pick(families)]);
  const sellerFor = (good) => party(pick(['seller', 'manufacturer']), company(good[0]), good[0]);

  return {
    /** A clean filing: a producer in a city outside every area, goods from a high-risk origin. */
    clean() {
      const family = pick(families);
      const good = pick(GOODS[family]);
      const seller = sellerFor(good);
      const roll = r();
      const extra =
        roll < 0.15
          ? { parents: { [seller.name]: `${word()} ${word()} Holdings Ltd.` } }
          : roll < 0.3 && /^(61|62|52)/.test(good[1])
            ? { map: map(good[1], cleanFacility(), cleanRaw()) }
            : {};
      return { family, expect: 'release', ...filing(good, seller, extra) };
    },
    /** A seeded violation of one kind. */
    violation(kind) {
      const cn = (only) => {
        let g;
        do g = anyGood(only);
        while (g[0] !== 'CN');
        return g;
      };
      switch (kind) {
        case 'uflpa_party': {
          const g = cn();
          return filing(g, party('manufacturer', variant(pick(pools.uflpa)), 'CN'));
        }
        case 'uflpa_parent': {
          const g = cn();
          const s = sellerFor(g);
          return filing(g, s, { parents: { [s.name]: variant(pick(pools.uflpa)) } });
        }
        case 'uflpa_map': {
          const g = cn('cotton_apparel');
          const node = { name: variant(pick(pools.uflpa)), country: 'CN', address: { city: city('CN') } };
          return filing(['VN', g[1], g[2]], sellerFor(['VN']), {
            origin: 'VN',
            map: map(g[1], node, cleanRaw()),
          });
        }
        case 'wro_entity_party': {
          const o = pick(pools.wro);
          return filing(o.good, party('manufacturer', variant(pick(o.names)), o.good[0]));
        }
        case 'wro_entity_parent': {
          const o = pick(pools.wro);
          const s = sellerFor(o.good);
          return filing(o.good, s, { parents: { [s.name]: variant(pick(o.names)) } });
        }
        case 'wro_entity_map': {
          const o = pick(pools.wro);
          const node = {
            name: variant(pick(o.names)),
            country: o.good[0],
            address: { city: city(o.good[0]) },
          };
          return filing(o.good, sellerFor(o.good), { map: map(o.good[1], node, cleanRaw()) });
        }
        case 'region_party': {
          const g = cn();
          return filing(g, party('seller', company('CN'), 'CN', pick(pools.places)));
        }
        case 'region_description': {
          const g = cn(pick(['cotton_apparel', 'cotton_yarn', 'tomatoes']));
          return filing(g, sellerFor(g), { description: `${g[2]}, ${pick(pools.places)} origin` });
        }
        case 'region_map': {
          const g = cn('cotton_apparel');
          const mill = {
            name: `${word()} Spinning Mill`,
            country: 'CN',
            address: { city: pick(pools.places) },
          };
          return filing(['VN', g[1], g[2]], sellerFor(['VN']), {
            origin: 'VN',
            map: map(g[1], mill, cleanRaw()),
          });
        }
        case 'product_origin': {
          const g = pick([
            ['TM', '5205.11.10.00', 'Cotton yarn, single, uncombed'],
            ['TM', '5208.12.40.20', 'Woven cotton fabric'],
            ['TM', '6109.10.00.12', "Men's T-shirts of cotton"],
            ['MW', '2401.20.33.00', 'Tobacco, flue-cured, threshed'],
          ]);
          return filing(g, sellerFor(g));
        }
        case 'product_description': {
          const g = pick(GOODS.cotton_apparel.filter((x) => x[0] !== 'CN'));
          return filing(g, sellerFor(g), {
            description: `${g[2]}, made of ${pick(['Turkmen', 'Turkmenistan'])} cotton`,
          });
        }
        case 'product_map': {
          const g = pick(GOODS.cotton_apparel.filter((x) => x[0] === 'VN'));
          const raw = { name: 'Cotton lint', country: 'TM', material: 'cotton', region: 'Ahal' };
          return filing(g, sellerFor(g), { map: map(g[1], cleanFacility(), raw) });
        }
        case 'region_other': {
          const gold = r() < 0.5;
          const g = gold ? GOODS.gold[0] : GOODS.diamonds[0];
          const place = gold
            ? pick(['Bukavu', 'Goma', 'Bunia', 'South Kivu'])
            : pick(['Marange', 'Chiadzwa']);
          return filing(g, party('seller', `${word()} ${gold ? 'Gold' : 'Minerals'} Ltd.`, g[0], place));
        }
        default:
          throw new Error(`unknown violation ${kind}`);
      }
    },
  };
}

export const VIOLATIONS = [
  'uflpa_party',
  'uflpa_parent',
  'uflpa_map',
  'wro_entity_party',
  'wro_entity_parent',
  'wro_entity_map',
  'region_party',
  'region_description',
  'region_map',
  'product_origin',
  'product_description',
  'product_map',
  'region_other',
];

/** The goods an entity order names, as a filing line (its merchandise, its country). */
export function orderGood(order, code) {
  const m = order.merchandise.toLowerCase();
  const family = Object.entries({
    gloves: /glove/,
    palm_oil: /palm/,
    seafood: /seafood|tuna|squid|swordfish/,
    hair: /hair/,
    garlic: /garlic/,
    stevia: /stevia/,
    electronics: /computer/,
    polysilicon: /silic/,
    bicycles: /bicycle/,
    tires: /tire/,
    sugar: /sugar/,
    coffee: /coffee/,
    bone_black: /bone black/,
    tomatoes: /tomato/,
    cotton_apparel: /garment|apparel|cotton|textile/,
  }).find(([, re]) => re.test(m))?.[0];
  if (!family) return null;
  const goods = GOODS[family];
  return goods.find((g) => g[0] === code) ?? [code || goods[0][0], goods[0][1], goods[0][2]];
}
