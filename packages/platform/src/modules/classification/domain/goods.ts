/**
 * Goods by heading: the everyday names of what falls under a heading (or a subheading), as a
 * classifier of trade knowledge would list them — the kind of examples the Explanatory Notes and
 * the tariff's index give ("9405: chandelier, lampshade, flashlight…"). The tariff's own text
 * says "lamps and lighting fittings"; sellers and rulings say "lampshade". Each line is a code (4 or
 * 6 digits) and words; the classifier adds them to that heading's (subheading's) document at a
 * lower weight than the tariff's text. Hand-written, part of the method (a change bumps the
 * classifier's version).
 */
export const GOODS_TEXT = `
0101 horse pony donkey mule live
0102 cattle cow bull calf live bovine
0103 pig hog swine piglet live
0104 sheep goat lamb live
0105 chicken hen rooster duck goose turkey poultry live chick
0106 pet dog cat puppy kitten bird parrot reptile insect bee live
0201 beef fresh chilled carcass
0202 beef frozen
0203 pork ham fresh chilled frozen
0207 chicken turkey meat poultry wings breast drumsticks
0210 bacon jerky smoked meat cured salted dried
0302 fish fresh salmon trout tuna
0303 fish frozen
0304 fish fillet fillets
0305 fish dried salted smoked
0306 shrimp prawn crab lobster crustaceans
0307 oyster mussel clam scallop squid octopus mollusc
0401 milk cream
0402 milk powder condensed
0403 yogurt yoghurt buttermilk kefir
0405 butter ghee
0406 cheese
0407 eggs shell
0409 honey
0504 casings guts
0505 feathers down
0511 semen embryos
0601 bulbs tubers
0602 plants seedlings cuttings trees shrubs live
0603 flowers cut bouquet roses fresh
0604 foliage branches moss
0701 potatoes
0702 tomatoes
0703 onions garlic leeks shallots
0704 cabbage cauliflower broccoli kale
0706 carrots turnips beets radishes
0707 cucumbers gherkins
0709 vegetables peppers mushrooms asparagus spinach celery
0710 frozen vegetables
0712 dried vegetables
0713 beans lentils peas chickpeas dried legumes
0714 cassava sweet potatoes yams taro
0801 coconuts cashew brazil nuts
0802 almonds walnuts hazelnuts pistachios nuts chestnuts macadamia pecans
0803 bananas plantains
0804 dates figs pineapples avocados mangoes guavas
0805 oranges lemons limes grapefruit mandarins citrus
0806 grapes raisins
0807 melons watermelon papaya
0808 apples pears quinces
0809 cherries peaches plums apricots
0810 strawberries raspberries blueberries kiwi berries fruit
0811 frozen fruit
0813 dried fruit prunes
0901 coffee beans roasted ground
0902 tea green black
0904 pepper paprika chili
0906 cinnamon
0907 cloves
0908 nutmeg cardamom
0909 anise coriander cumin fennel
0910 ginger turmeric saffron thyme curry spices
1001 wheat
1005 corn maize
1006 rice
1101 flour wheat
1102 cereal flours
1104 oats rolled flakes grains
1108 starch
1201 soybeans
1207 seeds sesame chia
1209 seeds sowing
1211 herbs plants medicinal botanical
1212 seaweed algae carob sugar cane
1301 gum resin lac
1302 extracts pectin agar vegetable saps
1507 soybean oil
1509 olive oil
1511 palm oil
1512 sunflower oil
1515 vegetable oil sesame oil
1517 margarine shortening
1601 sausages
1602 canned meat prepared meat
1604 canned tuna sardines caviar prepared fish
1605 prepared shrimp crab
1701 sugar cane beet
1702 glucose fructose syrup lactose maltose
1704 candy sweets confectionery gum chewing lollipop toffee marshmallow
1806 chocolate cocoa
1901 malt extract infant food mixes dough
1902 pasta noodles spaghetti ramen couscous dumplings
1904 cereal breakfast cornflakes granola muesli puffed
1905 bread biscuits cookies crackers cakes pastries wafers pretzels
2001 pickles pickled
2002 tomatoes prepared paste
2004 frozen vegetables prepared french fries
2005 vegetables prepared canned
2007 jam jelly marmalade fruit puree
2008 fruit prepared peanut butter roasted nuts
2009 juice fruit juice
2101 coffee instant extracts tea extracts
2103 sauce ketchup mustard mayonnaise dressing seasoning condiments
2104 soup broth
2105 ice cream frozen dessert
2106 food preparations supplements protein powder syrups flavoring
2201 water mineral sparkling ice
2202 soft drinks soda energy drinks beverages
2203 beer
2204 wine champagne
2206 cider mead
2208 whiskey vodka rum gin liquor spirits tequila brandy
2209 vinegar
2309 pet food dog food cat food animal feed
2401 tobacco leaf
2402 cigars cigarettes
2403 tobacco smoking hookah vape liquid
2404 vaping nicotine heated tobacco pouches
2501 salt
2523 cement
2710 oil petroleum gasoline diesel fuel lubricant motor oil
2711 gas propane butane natural gas lng
2712 petroleum jelly paraffin wax
2716 electricity
2804 hydrogen nitrogen oxygen argon helium gases
2811 acids inorganic
2836 carbonates soda ash baking soda
2901 hydrocarbons
2905 alcohols glycol glycerol
2915 acetic acid acetates
2918 carboxylic acids citric
2921 amines amine
2922 amino compounds
2924 amides
2933 heterocyclic nitrogen
2934 heterocyclic nucleic
2936 vitamins
2937 hormones steroids
2939 alkaloids caffeine nicotine
2941 antibiotics
3002 vaccines blood antisera cultures
3003 medicaments bulk
3004 medicines pills tablets capsules drugs dosage pharmaceutical
3005 bandages gauze dressings adhesive plasters band aids
3006 first aid kits sutures dental cement
3101 fertilizers organic
3102 fertilizers nitrogen urea
3105 fertilizers npk
3203 dyes natural
3204 dyes synthetic pigments
3206 colorants pigments
3208 paint varnish lacquer
3209 paint water based latex
3210 paints
3212 stamping foils
3213 artist colors paints sets watercolor acrylic
3214 putty caulk sealant filler grout
3215 ink printing ink toner
3301 essential oils
3302 fragrance mixtures flavorings
3303 perfume cologne eau de toilette fragrance
3304 cosmetics makeup lipstick mascara eyeshadow foundation nail polish sunscreen skincare lotion cream face powder
3305 shampoo conditioner hair spray hair dye hair care
3306 toothpaste dental floss mouthwash
3307 deodorant shaving cream bath salts air freshener
3401 soap bar soap hand soap
3402 detergent cleaner laundry dishwashing surfactant
3403 lubricant lubricating preparations
3404 waxes artificial
3405 polish shoe polish car wax
3406 candles
3407 modeling clay playdough dental wax
3506 glue adhesive superglue epoxy
3605 matches
3604 fireworks
3701 photographic film plates
3707 photographic chemicals
3808 insecticide pesticide herbicide fungicide disinfectant repellent
3809 finishing agents
3811 additives fuel additives antiknock
3812 rubber accelerators plasticizers antioxidant stabilizer
3814 thinners solvents
3815 catalysts
3819 brake fluid hydraulic
3820 antifreeze coolant
3822 test kits reagents diagnostic laboratory
3824 chemical preparations mixtures binders
3825 waste chemical
3901 polyethylene
3902 polypropylene
3903 polystyrene
3904 pvc vinyl chloride
3906 acrylic polymers
3907 polyester polycarbonate epoxide resins pet
3908 polyamides nylon
3909 polyurethane amino resins
3910 silicone silicones
3916 monofilament rods profiles plastic
3917 tubes pipes hoses plastic
3918 floor coverings vinyl flooring plastic tiles
3919 adhesive tape labels stickers self adhesive film plastic
3920 plastic film sheets
3921 foam sheets plastic cellular
3922 bathtubs shower sinks toilet seats bidets plastic
3923 bottles containers boxes bags caps lids jars crates packaging plastic
3924 tableware kitchenware plates cups dishes household plastic
3925 builders doors windows shutters tanks plastic
3926 articles plastic office supplies clothing accessories gloves figurines ornaments fittings
4001 natural rubber latex
4008 rubber sheets
4009 hoses rubber
4010 belts conveyor transmission rubber
4011 tires new pneumatic
4012 retreaded tires used
4013 inner tubes
4014 condoms pacifiers hygienic rubber
4015 gloves rubber nitrile latex apparel
4016 articles rubber mats gaskets erasers balloons
4101 hides skins raw
4107 leather finished
4202 bags luggage suitcase handbag purse wallet backpack briefcase cases tote pouch cosmetic bag pencil case camera case phone case duffel
4203 leather apparel gloves belts
4205 leather articles
4303 fur apparel
4401 firewood wood chips pellets
4403 logs rough wood
4407 lumber sawn wood planks boards
4408 veneer
4409 molding wood
4410 particle board
4411 fiberboard mdf
4412 plywood
4414 frames picture frames wooden mirrors
4415 pallets crates boxes wooden cable drums
4417 tools handles wooden
4418 builders carpentry wood doors windows flooring parquet
4419 tableware kitchenware wooden cutting board chopsticks
4420 wood marquetry caskets ornaments statuettes jewelry box wooden
4421 articles wood hangers clothes pins toothpicks skewers
4501 cork natural
4503 cork articles stoppers
4602 baskets wicker rattan basketwork
4703 wood pulp
4802 paper uncoated printing writing
4803 tissue paper towel napkin stock
4808 corrugated paper
4810 coated paper
4811 paper coated waxed
4817 envelopes letter cards
4818 toilet paper tissues napkins paper towels diapers
4819 cartons boxes cases paper packaging paperboard
4820 notebooks diaries binders registers albums forms stationery
4821 labels paper tags
4823 paper articles filter paper cups plates
4901 books printed brochures leaflets
4902 newspapers journals
4903 picture books children coloring books
4905 maps atlases globes
4908 transfers decals
4909 postcards greeting cards
4910 calendars
4911 printed matter posters catalogs pictures photographs
5007 silk fabrics
5111 wool woven fabrics
5208 cotton woven fabrics
5407 synthetic filament woven fabrics polyester nylon
5503 synthetic staple fibers
5509 yarn synthetic
5512 synthetic staple woven fabrics
5516 artificial staple woven
5601 wadding cotton swabs cigarette filters
5602 felt
5603 nonwovens
5607 rope twine cordage string
5608 nets netting fishing
5609 articles yarn cord
5701 carpets hand knotted
5703 carpets tufted rugs
5705 rugs mats floor coverings textile
5804 lace tulle
5806 narrow fabrics ribbons webbing
5807 labels badges woven
5808 braids trimmings tassels
5810 embroidery patches
5903 coated fabrics
5906 rubberized fabrics
5911 textile technical
6001 pile fabrics knitted fleece plush
6004 knit fabric elastic
6006 knit fabrics
6101 overcoats jackets anoraks parkas windbreakers knitted mens
6102 overcoats jackets anoraks parkas knitted womens
6103 suits blazers trousers pants shorts knitted mens
6104 dresses skirts suits trousers pants leggings shorts knitted womens
6105 shirts polo knitted mens
6106 blouses shirts knitted womens
6107 underpants briefs boxers pajamas bathrobes knitted mens
6108 panties slips nightdresses pajamas bathrobes underwear lingerie knitted womens
6109 tshirts tanks singlets undershirts knitted
6110 sweaters pullovers cardigans sweatshirts hoodies vests knitted
6111 baby garments onesies infant rompers knitted
6112 tracksuits swimwear ski suits bathing suits bikinis knitted
6113 garments coated knitted
6114 garments knitted other jumpsuits
6115 socks hosiery tights stockings pantyhose knitted
6116 gloves mittens knitted
6117 scarves shawls clothing accessories knitted headbands
6201 overcoats jackets anoraks parkas raincoats mens woven
6202 overcoats jackets anoraks parkas raincoats womens woven
6203 suits blazers trousers pants jeans shorts mens woven
6204 dresses skirts suits trousers pants jeans shorts womens woven
6205 shirts mens woven
6206 blouses shirts womens woven
6207 underpants pajamas bathrobes mens woven
6208 nightdresses pajamas slips womens woven
6209 baby garments woven
6210 garments coated rubberized
6211 tracksuits swimwear ski suits woven
6212 bras brassieres girdles corsets suspenders
6213 handkerchiefs
6214 scarves shawls mufflers veils
6215 ties neckties bow ties
6216 gloves woven
6217 clothing accessories woven
6301 blankets throws
6302 bed linen sheets pillowcases duvet covers towels kitchen towels table linen tablecloths
6303 curtains drapes blinds
6304 bedspreads cushion covers furnishing
6305 sacks bags packing tote
6306 tents tarpaulins awnings sails camping
6307 articles textile cleaning cloths masks lanyards patterns dog leashes
6308 sets woven rug kits
6309 used clothing worn
6310 rags
6401 footwear waterproof rubber boots
6402 footwear rubber plastic sandals slippers sneakers flip flops
6403 footwear leather shoes boots
6404 footwear textile uppers sneakers
6405 footwear other
6406 parts footwear insoles soles uppers
6501 hat forms
6504 hats plaited straw
6505 hats caps knitted beanies
6506 helmets headgear
6601 umbrellas parasols
6602 walking sticks canes
6702 artificial flowers plants
6703 wool hair wigs
6704 wigs false beards eyelashes hair extensions
6802 stone worked marble granite
6804 millstones grinding wheels
6805 abrasive sandpaper
6806 mineral wool insulation
6809 plaster articles
6810 concrete articles
6813 brake pads linings friction
6815 carbon fiber articles graphite stone
6901 bricks siliceous
6902 refractory bricks
6907 ceramic tiles
6910 sinks washbasins toilets bathtubs ceramic porcelain
6911 tableware kitchenware porcelain china plates mugs cups
6912 tableware kitchenware ceramic stoneware earthenware mugs toothbrush holder
6913 statuettes ornaments ceramic figurines
6914 ceramic articles
7003 glass cast rolled
7005 float glass
7007 safety glass tempered laminated
7009 mirrors glass rearview
7010 bottles jars containers glass vials
7013 glassware drinking glasses tumblers stemware vases kitchenware glass
7014 signaling glassware lenses
7016 glass blocks mosaic
7018 glass beads imitation pearls
7019 glass fibers fiberglass
7020 glass articles
7101 pearls
7102 diamonds
7103 gemstones precious stones
7104 synthetic stones
7106 silver
7108 gold
7110 platinum
7113 jewelry necklace ring bracelet earrings pendant gold silver precious metal
7114 silversmiths wares
7116 pearl articles
7117 imitation jewelry costume jewelry fashion jewelry bracelet necklace earrings brooch pins
7118 coins
7208 steel flat rolled hot rolled coil
7209 steel cold rolled
7210 steel coated galvanized tinplate
7213 steel bars wire rod
7214 steel bars rods
7216 steel angles shapes sections beams
7217 steel wire
7219 stainless steel flat rolled
7222 stainless steel bars
7228 alloy steel bars
7301 sheet piling
7304 tubes pipes seamless
7306 tubes pipes welded
7307 pipe fittings elbows flanges couplings
7308 structures steel towers bridges scaffolding doors frames
7309 tanks reservoirs
7310 drums cans containers steel
7311 cylinders gas containers
7312 wire rope cables slings
7313 barbed wire
7314 wire mesh netting fencing
7315 chain chains
7317 nails tacks staples
7318 screws bolts nuts washers rivets fasteners
7319 needles sewing knitting safety pins
7320 springs
7321 stoves ranges grills barbecues camping stoves non electric
7322 radiators
7323 kitchenware cookware pots pans household steel scouring pads
7324 sanitary ware sinks bathtubs steel
7325 castings iron
7326 articles steel iron hooks racks boxes wire articles
7403 copper refined
7407 copper bars
7408 copper wire
7411 copper tubes
7412 copper fittings
7418 copper kitchenware sanitary
7419 articles copper
7601 aluminum unwrought
7604 aluminum bars profiles
7606 aluminum plates sheets
7607 aluminum foil
7608 aluminum tubes
7610 aluminum structures windows doors frames
7612 aluminum cans containers
7615 aluminum kitchenware cookware household
7616 articles aluminum
7801 lead
7901 zinc
8001 tin
8101 tungsten
8104 magnesium
8108 titanium
8201 hand tools shovels spades rakes hoes axes pruning shears
8202 saws saw blades
8203 pliers pincers tweezers cutters wire strippers
8204 wrenches spanners sockets
8205 hand tools hammers screwdrivers clamps vises
8206 tool sets kits
8207 drill bits interchangeable tools dies
8208 knives blades machines
8210 kitchen appliances hand operated
8211 knives blades pocket knife
8212 razors blades shaving
8213 scissors
8214 clippers nail clippers manicure pedicure sets
8215 spoons forks ladles kitchen utensils cutlery flatware
8301 padlocks locks keys
8302 hinges fittings mountings brackets handles casters
8303 safes strongboxes
8304 desk trays filing office
8305 binder clips paper clips staples fittings
8306 bells gongs statuettes ornaments picture frames base metal
8307 flexible tubing metal
8308 clasps buckles hooks eyelets beads spangles
8309 stoppers caps lids crowns
8310 signs plates nameplates
8311 welding electrodes
8401 nuclear reactors
8402 boilers steam
8403 central heating boilers
8405 generators gas
8407 engines gasoline spark ignition
8408 engines diesel
8409 engine parts pistons
8411 turbines jet turbojets
8412 engines hydraulic pneumatic cylinders motors
8413 pumps liquid
8414 pumps air compressors fans blowers hoods vacuum pumps
8415 air conditioners air conditioning
8417 furnaces ovens industrial
8418 refrigerators freezers coolers heat pumps ice makers
8419 heating cooling machinery water heaters dryers sterilizers
8421 centrifuges filters purifiers filtering water filter air filter
8422 dishwashers packing machines bottling filling sealing
8423 scales weighing balances
8424 sprayers sprinklers spray guns fire extinguishers
8425 hoists winches jacks
8426 cranes derricks
8427 forklifts
8428 lifting handling elevators escalators conveyors
8429 bulldozers excavators graders loaders
8430 drilling boring machinery
8431 parts machinery
8432 agricultural machinery ploughs harrows seeders
8433 harvesting lawn mowers
8436 agricultural poultry incubators
8438 food processing machinery bakery meat
8441 paper machinery cutting
8443 printers copiers printing machines 3d
8444 textile extruding
8445 textile spinning
8447 knitting machines
8450 washing machines laundry
8451 dryers ironing textile
8452 sewing machines
8456 machining laser cutting
8457 machining centers
8458 lathes
8459 drilling milling machines
8460 grinding machines
8462 presses forging bending
8465 woodworking machines
8467 power tools hand held drills saws grinders pneumatic
8468 welding gas torches
8470 calculators cash registers
8471 computers laptops desktop servers keyboards mouse storage drives
8472 office machines shredders
8473 computer parts
8474 mixing crushing grinding
8477 plastic rubber machinery injection molding
8479 machines mechanical appliances robots
8480 molds mold
8481 valves taps faucets
8482 bearings ball roller
8483 shafts gears gearboxes pulleys clutches couplings transmission reducers
8484 gaskets seals
8485 additive manufacturing
8486 semiconductor manufacturing wafers
8487 machinery parts
8501 electric motors generators
8502 generating sets generators
8504 transformers power supplies chargers adapters inductors converters
8505 magnets electromagnets
8506 batteries primary cells
8507 batteries rechargeable accumulators lithium ion
8508 vacuum cleaners
8509 blenders food processors mixers juicers kitchen appliances domestic
8510 shavers hair clippers epilators
8511 spark plugs ignition starters
8512 lighting signaling vehicles wipers
8513 flashlights torches portable lamps
8514 furnaces ovens industrial electric induction
8515 welding machines soldering
8516 water heaters hair dryers irons toasters coffee makers microwave ovens kettles heaters
8517 telephones smartphones routers modems switches networking
8518 microphones loudspeakers speakers headphones earphones amplifiers
8519 sound recording reproducing turntables
8521 video recording
8522 parts audio
8523 storage media flash drives memory cards discs
8524 flat panel display modules
8525 cameras transmitters webcams digital cameras camcorders
8526 radar navigation gps remote control
8527 radio receivers
8528 monitors projectors televisions
8529 parts antennas
8530 signaling railway traffic
8531 alarms bells buzzers sirens signaling indicator panels
8532 capacitors
8533 resistors
8534 printed circuits boards
8535 switches fuses high voltage
8536 switches sockets plugs connectors relays fuses
8537 control panels boards
8538 parts switches
8539 bulbs lamps led
8540 tubes valves
8541 diodes transistors photovoltaic solar cells panels leds
8542 integrated circuits chips processors memory
8543 electrical machines apparatus
8544 wire cable insulated cords fiber optic
8545 carbon electrodes brushes
8546 insulators
8547 insulating fittings
8548 electrical parts
8601 locomotives electric
8607 railway parts
8609 containers shipping
8701 tractors
8702 buses
8703 cars automobiles passenger vehicles suv
8704 trucks lorries
8705 special purpose vehicles
8708 parts accessories motor vehicles bumpers brakes gearboxes axles wheels radiators mufflers steering seat belts
8709 works trucks
8711 motorcycles scooters mopeds electric bicycles
8712 bicycles
8714 bicycle parts motorcycle parts
8715 baby carriages strollers prams
8716 trailers semi trailers carts wagons
8802 aircraft helicopters
8806 drones unmanned aircraft
8807 aircraft parts
8901 ships boats vessels
8903 yachts boats kayaks canoes sailboats inflatable
8907 rafts floating
9001 optical fibers lenses contact lenses
9002 lenses objective
9003 frames spectacles eyeglass
9004 sunglasses spectacles eyeglasses goggles
9005 binoculars telescopes
9006 cameras photographic
9007 cinematographic cameras projectors
9010 photographic laboratory
9011 microscopes optical
9013 lasers optical devices liquid crystal
9014 compasses navigational
9015 surveying instruments
9016 balances sensitive
9017 drawing instruments rulers calipers measuring tape
9018 medical instruments surgical dental syringes catheters stethoscopes
9019 massage apparatus therapy respiratory
9020 breathing appliances gas masks respirators
9021 orthopedic appliances splints hearing aids prosthetic implants
9022 x ray apparatus
9023 demonstration instruments models educational
9024 testing machines materials
9025 thermometers hygrometers barometers
9026 flow meters pressure gauges level
9027 analyzers spectrometers chromatographs
9028 meters gas electricity water supply
9029 counters revolution pedometers speedometers
9030 oscilloscopes multimeters measuring electrical
9031 measuring checking instruments
9032 thermostats regulators automatic control
9033 parts instruments
9101 watches precious metal
9102 watches wristwatches smartwatches pocket watches
9103 clocks
9105 clocks wall alarm
9113 watch straps bands bracelets
9201 pianos
9202 guitars violins harps string instruments
9205 wind instruments trumpets flutes saxophones harmonicas
9206 drums percussion xylophones cymbals
9207 keyboards electric guitars synthesizers
9208 music boxes whistles
9209 parts musical instruments strings
9302 revolvers pistols
9303 firearms rifles shotguns air guns
9304 air guns paintball
9305 parts firearms
9306 ammunition cartridges
9401 seats chairs sofas car seats office chairs stools
9402 medical furniture dental chairs
9403 furniture tables desks cabinets shelves beds wardrobes dressers
9404 mattresses pillows cushions quilts sleeping bags comforters
9405 lamps lighting fixtures chandeliers lampshades lanterns signs illuminated string lights
9406 prefabricated buildings
9503 toys dolls puzzles models plush stuffed animals scooters tricycles construction sets
9504 games video game consoles playing cards billiards table games board games
9505 festive christmas decorations halloween costumes party ornaments
9506 sports equipment exercise fitness gym balls golf skis rackets swimming pools
9507 fishing rods reels tackle lures
9508 amusement rides
9601 ivory bone shell worked
9602 vegetable carving material
9603 brooms brushes toothbrushes paint brushes mops
9604 sieves
9605 travel sets sewing
9606 buttons
9607 zippers slide fasteners
9608 pens ballpoint markers pencils mechanical
9609 pencils crayons chalk
9610 slates boards
9611 stamps dating
9612 ribbons typewriter ink pads
9613 lighters
9614 pipes smoking
9615 combs hair clips hairpins
9616 scent sprays powder puffs
9617 vacuum flasks thermos bottles
9618 mannequins
9619 diapers sanitary pads tampons napkins
9620 monopods tripods selfie sticks
9701 paintings
9702 engravings prints
9703 sculptures
9705 collections antiques specimens
9706 antiques
0106 aquarium fish hamster rabbit ferret turtle snake lizard frog
0407 eggs hatching fertilized quail duck
0712 dehydrated freeze dried
0811 frozen berries smoothie fruit
0813 dried apricots apple chips
1211 ginseng mint leaves lavender chamomile sage herbal
1302 hemp extract vanilla extract licorice
1704 gummies gummy bears jelly beans caramels fudge nougat mints halva
1806 cocoa powder truffles pralines chocolate bars hot chocolate
1905 tortillas pizza crust waffles biscotti rice cakes communion wafers croissants
2008 trail mix granola nuts seeds roasted candied fruit
2101 coffee pods instant coffee iced coffee concentrate
2106 protein bars meal replacement collagen powder electrolyte kombucha tofu syrups
2202 sports drinks kombucha iced tea lemonade flavored water
3004 vitamin supplements ointment cream antiseptic syrup cough
3304 lip balm lip gloss blush concealer primer serum moisturizer face mask eyeliner nail varnish manicure body butter bath bombs
3305 hair gel hair wax pomade hair oil dry shampoo hair mask
3307 bath salts beard oil body spray room spray incense potpourri sachet reed diffuser
3401 shower gel body wash liquid soap soap bars
3402 laundry detergent dish soap all purpose cleaner degreaser stain remover
3406 candles tea lights scented candle pillar votive
3506 glue sticks hot glue wood glue craft glue
3808 mosquito repellent ant bait weed killer sanitizer disinfectant wipes
3923 storage bins containers boxes bags ziplock trash bags bottles jars caps lids spools reels cosmetic containers
3924 cups plates bowls straws cutting boards lunch boxes food storage containers water bottles ice cube trays shower curtains bath mats kitchenware
3926 phone case figurines ornaments clips holders hooks badge holders clothing accessories raincoats aprons gloves protective face shields key chains buttons beads
4016 rubber bands gaskets seals stoppers door stops mats wristbands erasers
4202 backpack rucksack briefcase satchel handbag clutch tote bag crossbody wallet card holder coin purse passport holder makeup bag toiletry bag lunch bag cooler bag laptop sleeve camera bag guitar case gun case eyeglass case jewelry box tool bag sports bag gym bag fanny pack belt bag pouch
4203 leather belts leather gloves leather jackets
4205 leather straps leather keychains leather bookmarks
4421 wooden hangers wooden spoons wooden signs coasters clothespins dowels skewers wooden toys blocks
4420 wooden boxes wooden carvings statuettes trinket boxes
4419 wooden bowls cutting boards serving trays utensils
4602 baskets hampers wicker seagrass woven basket
4817 envelopes postcards stationery sets
4819 gift boxes shipping boxes cardboard boxes paper bags mailers
4820 notebooks journals planners diaries sketchbooks notepads binders folders albums exercise books
4821 stickers labels tags printed
4823 paper cups paper plates coffee filters paper straws
4909 greeting cards birthday cards christmas cards postcards
4911 art prints posters photographs pictures calendars stickers tickets
5208 quilting cotton fabric
5407 polyester fabric nylon fabric satin chiffon organza
5609 cords ropes macrame
5807 woven labels patches
5810 embroidered patches iron on patches appliques
6109 tshirt tee shirt tank top camisole crop top
6110 sweater hoodie sweatshirt cardigan pullover jumper fleece
6104 dress skirt leggings yoga pants shorts jumpsuit romper blazer womens
6103 shorts joggers sweatpants trousers mens knit
6115 socks stockings tights compression socks leg warmers
6117 headbands scarves neck gaiters bandanas
6203 jeans trousers chinos cargo pants shorts suit mens
6204 jeans skirt dress trousers shorts womens
6211 swimsuits swim trunks ski suits tracksuits
6302 towels bath towels beach towels tea towels dish towels bed sheets pillowcases duvet cover
6304 cushion covers pillow covers bedspreads quilts table runners wall hangings
6307 face masks cleaning cloths microfiber cloths dog leash pet collar tote bags shoelaces flags lanyards patterns aprons
6402 flip flops slides crocs clogs rain boots sneakers sandals
6403 leather shoes loafers oxfords boots heels moccasins
6404 canvas shoes sneakers espadrilles slippers
6505 baseball caps hats beanies bucket hats hair nets
6506 helmets bike helmet motorcycle helmet safety helmet
6702 artificial flowers faux plants silk flowers wreaths
6704 wigs hairpieces lashes false eyelashes hair extensions
6802 marble granite slate stone tiles countertops tombstones
6911 porcelain dinnerware fine china mugs plates bowls
6912 stoneware dinnerware mugs plates bowls planters ceramic pots
6913 ceramic figurines statues ornaments
7013 glass cups mugs tumblers wine glasses glass bowls vases candle holders
7018 glass beads seed beads glass eyes
7117 earrings necklaces bracelets rings brooches hair jewelry imitation beaded jewelry charms
7113 gold jewelry silver jewelry sterling silver necklace rings earrings
7323 pots pans cookware baking sheets steel wool scourers dish racks
7326 hooks racks brackets wire baskets metal boxes key rings carabiners stakes
7615 aluminum cookware baking pans foil trays pots
8205 hammers screwdrivers wrenches clamps vises hand tools crowbars grease guns
8211 knives kitchen knives pocket knives chef knives utility knives
8213 scissors shears
8214 nail clippers pencil sharpeners manicure tools
8215 spoons forks ladles spatulas whisks tongs cake servers
8302 hinges brackets drawer slides door handles knobs casters hooks
8306 statuettes ornaments bells picture frames mirrors metal
8414 fans ceiling fans exhaust fans air pumps compressors range hoods
8418 refrigerators freezers mini fridges wine coolers
8421 water filters air purifiers oil filters pool filters
8424 spray bottles sprayers garden hoses nozzles pressure washers
8443 printers ink cartridges toner cartridges
8467 cordless drills impact drivers angle grinders circular saws jigsaws sanders
8471 laptops computers tablets keyboards mice hard drives ssd servers
8473 computer parts accessories
8504 chargers power adapters power supplies ups transformers inverters
8507 lithium batteries power banks battery packs
8508 vacuum cleaners robot vacuums
8509 blenders juicers food processors mixers grinders
8510 electric shavers hair trimmers clippers
8513 flashlights headlamps lanterns
8516 hair dryers curling irons flat irons straighteners electric kettles toasters coffee makers rice cookers air fryers microwaves space heaters electric irons
8517 phones smartphones routers modems bluetooth
8518 headphones earbuds earphones speakers microphones bluetooth speakers soundbars amplifiers
8523 usb flash drives memory cards sd cards
8525 cameras security cameras webcams dash cams action cameras
8528 monitors televisions projectors
8536 connectors plugs sockets switches outlets terminals relays
8539 led bulbs light bulbs fluorescent
8543 electronic cigarettes vapes e-cigarettes
8544 cables cords usb cables hdmi cables wires chargers cables
8708 car parts brake pads bumpers mirrors floor mats seat covers roof racks wheels rims
8712 bicycles bikes
8714 bike parts pedals saddles handlebars
9004 sunglasses reading glasses safety glasses goggles
9018 syringes needles catheters stethoscopes scalpels blood pressure monitors
9019 massagers massage guns cpap
9021 braces splints orthotics insoles hearing aids
9025 thermometers hygrometers
9102 watches wristwatches smartwatches
9105 wall clocks alarm clocks
9401 chairs stools sofas seats recliners car seats
9403 tables desks shelves bookcases cabinets dressers nightstands bed frames tv stands racks
9404 mattresses pillows cushions quilts duvets sleeping bags comforters mattress toppers
9405 lamps ceiling lights led strips fairy lights string lights night lights lanterns
9503 toys dolls action figures stuffed animals plush toys puzzles building blocks toy cars model kits rc cars kites yo-yos fidget toys
9504 board games card games playing cards video games chess dice game consoles
9505 christmas ornaments christmas trees halloween decorations party favors costumes masks
9506 yoga mats dumbbells resistance bands balls golf clubs tennis rackets skateboards snowboards skis ice skates swimming goggles treadmills exercise
9603 brushes toothbrushes hairbrushes makeup brushes paint brushes brooms mops
9608 pens ballpoint pens gel pens markers highlighters fountain pens
9609 pencils colored pencils crayons chalk pastels
9615 combs hair clips hair ties barrettes bobby pins
9617 thermos vacuum flasks insulated bottles tumblers
9619 diapers sanitary pads tampons panty liners
392010 polyethylene film sheeting plastic sheeting silage film greenhouse film tarps
392020 polypropylene film bopp film
392043 pvc film vinyl film flagging tape pvc sheet
392062 pet film polyester film mylar
392321 polyethylene bags plastic bags shopping bags trash bags zip bags
392329 plastic bags pouches other plastics
392330 plastic bottles jars flasks carboys
392350 caps lids stoppers closures plastic
392390 plastic crates boxes trays containers
392410 plastic tableware kitchenware cups plates utensils
392490 plastic household articles hangers soap dishes toilet brushes holders
392610 plastic office supplies school supplies rulers
392620 plastic apparel clothing accessories gloves raincoats aprons
392630 plastic fittings furniture coachwork
392640 plastic statuettes ornaments figurines
392690 plastic articles other
401693 rubber gaskets washers seals o-rings
401699 rubber articles other
730711 cast fittings iron
730719 cast fittings steel
730721 stainless steel flanges
730792 threaded elbows bends sleeves
731815 bolts screws threaded
731816 nuts
731822 washers
732111 gas stoves gas ranges cooking appliances gas grills
732190 stove parts burners grates
732393 stainless steel kitchenware cookware
732399 steel household articles racks organizers
732611 balls grinding
732620 wire articles baskets hooks racks
732690 steel articles other brackets boxes
761510 aluminum kitchenware cookware pans trays foil containers
761699 aluminum articles other
820559 hand tools other scrapers putty knives
821191 table knives
821192 kitchen knives fixed blade
821193 folding knives pocket knives
830241 mountings brackets fittings buildings
830242 mountings furniture fittings
830250 hat racks hooks brackets coat hooks
830629 statuettes ornaments vases base metal
840731 engines vehicles
840820 diesel engines vehicles
841311 fuel dispensing pumps
841330 fuel pumps lubricating pumps engine pumps
841370 centrifugal pumps water pumps
841381 pumps other
841391 pump parts
841451 table fans desk fans floor fans ceiling fans
841459 fans blowers other
841480 compressors air pumps hoods
841510 air conditioners window wall split
841582 air conditioning units
841810 refrigerator freezers combined
841821 household refrigerators
841869 refrigerating equipment ice machines heat pumps chillers beer dispensers
841981 coffee machines commercial cooking heating food
841989 heating cooling machines other dryers heat treatment temperature control
842121 water filters purifiers filtering liquids pool filters
842123 oil filters fuel filters engines
842139 air filters purifiers gas filtering dust collectors
842211 dishwashers household
842230 filling sealing capping labeling machines
842240 packing wrapping machinery
842381 weighing scales capacity not exceeding 30 kg kitchen scales
842310 personal scales bathroom scales
842489 sprayers dispensing machines mechanical appliances
842790 forklifts hand trucks pallet jacks
842890 lifting handling machinery other
843149 parts machinery construction
843290 parts agricultural machinery
843850 meat processing slicers grinders
846711 pneumatic tools impact wrenches
846721 drills electric
846722 saws electric
846729 electric hand tools grinders sanders
846799 parts hand tools power tools
847130 laptops notebooks tablets portable computers
847141 desktop computers
847150 processing units servers
847160 keyboards mice input output units monitors scanners
847170 storage units hard drives solid state drives
847180 computer units other graphics cards
848110 pressure reducing valves regulators
848120 valves hydraulic pneumatic transmissions
848130 check valves
848140 safety valves relief valves
848180 taps cocks valves faucets hydrants mixing valves dispensing valves
848190 valve parts faucet parts
848210 ball bearings
848340 gears gearboxes reducers speed changers ball screws
848350 flywheels pulleys
848360 clutches couplings universal joints
850131 dc motors generators
850440 power supplies chargers inverters converters adapters
850450 inductors chokes
850760 lithium ion batteries
850811 robot vacuums cordless vacuums vacuum cleaners
851310 flashlights portable lamps
851631 hair dryers
851632 hair curlers straighteners
851640 electric irons
851650 microwave ovens
851660 ovens cookers cooking plates grills roasters toasters ovens rice cookers air fryers
851671 coffee makers tea makers espresso machines
851672 toasters
851679 electric kettles skillets griddles waffle makers slow cookers popcorn makers warming
851711 cordless telephones
851713 smartphones
851762 routers modems switches transceivers bluetooth wireless
851810 microphones
851821 speakers single
851822 speakers multiple subwoofers
851830 headphones earphones headsets
851840 amplifiers audio
851850 sound amplifier sets public address
852190 video recording reproducing apparatus
852351 flash memory usb drives memory cards solid state storage
852580 cameras digital video webcams security cameras
852691 gps navigation receivers
852692 remote controls radio
852791 radio receivers combined sound recording
852869 projectors
852872 televisions
853120 indicator panels led displays
853180 buzzers signaling
853400 printed circuit boards bare
853650 switches
853669 plugs sockets
853690 connectors terminals junction boxes
853710 control panels boards programmable controllers
853890 parts switches circuit boards
853931 fluorescent lamps
854140 leds light emitting diodes photovoltaic
854143 solar panels modules photovoltaic
854231 processors controllers integrated circuits
854370 electrical machines other electronic devices
854442 cords cables connectors fitted
854449 wires cables insulated not fitted
870323 cars passenger gasoline
870380 cars electric vehicles
870410 dump trucks
870829 body parts accessories racks carriers mats bed liners
870830 brakes brake pads
870840 gearboxes transmissions
870850 axles
870870 wheels rims
870880 suspension shock absorbers struts
870891 radiators
870892 mufflers exhaust pipes
870893 clutches
870894 steering wheels columns
870899 parts vehicles other
871410 motorcycle parts
871491 bicycle frames forks
871499 bicycle parts other
871631 tanker trailers
871639 trailers other cargo utility
871680 carts wagons wheelbarrows hand trucks dollies
900410 sunglasses
901819 electro-diagnostic patient monitoring
901831 syringes
901832 needles
901839 catheters cannulae
901890 medical instruments other
902000 respirators masks filters breathing
902480 testing machines
902519 thermometers electronic
902580 hygrometers barometers transmitters humidity
902610 flow meters level gauges
902620 pressure gauges sensors
902920 speedometers tachometers bicycle computers
903033 multimeters voltmeters
903040 telecommunication test instruments
903180 measuring instruments sensors other
903289 controllers regulators automatic other
940161 upholstered wooden seats chairs
940171 upholstered metal seats chairs
940360 wooden furniture
940370 plastic furniture
940320 metal furniture
940490 pillows cushions comforters quilts
940511 chandeliers ceiling lights led
940521 table lamps desk lamps led
940542 led lamps lighting other
950300 toys dolls models puzzles
950490 games table games foosball billiards
950590 festive articles party decorations
950611 skis
950629 water sports snorkels fins diving masks
950691 exercise equipment fitness gym
950699 sports equipment other
840510 gas generators acetylene
840991 engine parts spark ignition pistons cylinder heads carburetors
840999 engine parts diesel fuel injectors
841210 jet engines reaction
841221 hydraulic cylinders linear acting
841229 hydraulic motors
841231 pneumatic cylinders linear acting
841290 engine parts motors parts
841320 hand pumps
841340 concrete pumps
841350 reciprocating pumps diaphragm piston
841360 rotary pumps gear pumps vane pumps hydraulic pumps
841410 vacuum pumps
841420 hand pumps bicycle pumps foot pumps air
841430 compressors refrigerating
841440 air compressors towed
841460 range hoods kitchen hoods
841490 fan parts compressor parts
841620 burners gas burners oil burners
841780 industrial ovens kilns furnaces
841850 display cases refrigerated showcases
841861 heat pumps
841899 refrigerator parts
841911 water heaters instantaneous gas
841919 water heaters tankless storage solar
841920 sterilizers medical laboratory
841933 freeze dryers lyophilizers
841939 dryers industrial
841940 distilling rectifying stills
841950 heat exchangers
841960 liquefying air gas
841990 parts heating machinery
842010 calendering rolling machines laminators
842111 cream separators
842112 clothes dryers centrifugal spin
842119 centrifuges laboratory
842129 filtering purifying liquids
842131 intake air filters engines
842191 centrifuge parts
842199 filter parts cartridges
842220 bottle washing cleaning machines
842290 packaging machine parts
842410 fire extinguishers
842420 spray guns paint sprayers
842430 sandblasting steam jet machines pressure washers
842441 agricultural sprayers portable
842449 agricultural sprayers
842482 irrigation sprinklers agricultural
842519 hoists pulley
842531 winches
842542 hydraulic jacks
842549 jacks car jacks
842710 electric forklifts
842720 forklifts engine
842810 elevators lifts
842820 pneumatic conveyors
842833 conveyor belts
842890 lifting handling equipment patient lifts
843110 parts hoists
843120 forklift parts
843143 drilling parts
843149 crane excavator parts buckets
843210 plows ploughs
843229 harrows cultivators tillers
843231 seeders planters
843280 agricultural machinery other
843311 lawn mowers powered rotary
843319 lawn mowers other
843320 mowers tractor mounted
843351 combine harvesters
843390 parts mowers harvesters
843420 dairy machinery
843610 animal feed preparing machinery
843621 poultry incubators brooders
843680 agricultural machinery forestry
843710 seed grain cleaning sorting
843780 milling machinery grain
843810 bakery machinery pasta
843820 confectionery machinery chocolate
843840 brewery machinery
843860 fruit vegetable processing machinery
843880 food processing machinery other
843890 food machinery parts
844110 paper cutting machines
844311 offset printing
844331 multifunction printers copiers scanners fax
844332 printers inkjet laser
844339 copying machines
844391 printing machinery parts
844399 printer parts ink cartridges toner
845011 washing machines fully automatic
845020 washing machines industrial
845090 washing machine parts
845121 dryers laundry
845130 ironing machines presses
845210 sewing machines household
845221 sewing machines industrial automatic
845290 sewing machine parts needles furniture
845610 laser cutting machining
845811 cnc lathes
845961 milling machines
846011 grinding machines flat
846090 polishing honing
846221 bending folding machines
846410 stone sawing machines
846591 woodworking sawing machines
846592 woodworking planing
846610 tool holders chucks
846620 work holders
846693 machine tool parts
846694 machine tool parts presses
846719 pneumatic hand tools
846781 chainsaws
846789 hand tools with motor other
846791 chainsaw parts
846792 pneumatic tool parts
847010 electronic calculators
847050 cash registers
847290 office machines shredders coin sorting atm
847310 typewriter parts
847330 computer parts motherboards
847350 parts suitable for machines of several headings
847410 screening sorting machines minerals
847431 concrete mixers
847439 mixing machines
847480 molding machines foundry
847720 extruders
847730 blow molding
847751 tire molding
847759 molding machines plastic other
847780 plastics machinery other
847790 plastic machinery parts
847910 public works machinery
847920 oil extracting machinery
847930 presses particle board
847940 rope cable making
847950 industrial robots
847960 evaporative air coolers
847971 passenger boarding bridges
847982 mixing kneading crushing grinding stirring
847989 machines mechanical appliances other humidifiers
847990 machine parts
848071 injection molds
848079 molds plastics rubber
848180 faucets taps mixing valves ball valves gate valves solenoid valves
848220 tapered roller bearings
848230 spherical roller bearings
848291 balls rollers needles
848299 bearing parts
848310 transmission shafts cranks camshafts crankshafts
848320 bearing housings
848330 plain shaft bearings
848390 transmission parts
848410 gaskets metal sheeting
848420 mechanical seals
848610 wafer manufacturing machines
848620 semiconductor device manufacturing
848640 semiconductor handling
848690 semiconductor machine parts
850110 micro motors
850120 universal motors ac dc
850132 dc motors 750 w
850140 ac motors single phase
850151 ac motors multi phase
850161 ac generators alternators
850171 photovoltaic generators
850211 generating sets diesel
850220 generating sets spark ignition
850239 wind generating sets
850300 motor generator parts
850410 ballasts lamps
850421 liquid dielectric transformers
850431 transformers small
850490 power supply parts transformer parts
850511 permanent magnets metal
850519 permanent magnets other
850520 electromagnetic couplings clutches brakes
850590 electromagnets lifting
850610 alkaline batteries manganese dioxide
850650 lithium cells primary coin
850680 batteries primary other
850710 lead acid batteries starting
850720 lead acid batteries other
850730 nickel cadmium batteries
850750 nickel metal hydride batteries
850780 batteries rechargeable other
850790 battery parts separators
850819 vacuum cleaners other
850860 vacuum cleaners other
850870 vacuum cleaner parts
850940 food grinders processors mixers juicers blenders
850980 kitchen appliances electric domestic other garbage disposals
850990 appliance parts
851010 shavers electric
851020 hair clippers electric
851030 hair removing appliances epilators
851110 spark plugs
851140 starter motors
851150 generators alternators vehicles
851180 ignition equipment glow plugs
851210 lighting equipment bicycles
851220 headlights lamps vehicles lighting
851230 horns sirens vehicle signaling
851240 windshield wipers defrosters
851290 vehicle lighting parts
851410 resistance heated furnaces
851420 induction furnaces
851430 furnaces other
851440 induction heating equipment microwave
851511 soldering irons guns
851519 soldering machines
851521 resistance welding machines
851531 arc welding machines
851580 welding machines laser
851590 welding parts
851610 water heaters immersion heaters electric
851621 storage heating radiators
851629 space heaters electric heaters
851633 hand dryers
851680 heating resistors
851690 appliance parts heating
851712 mobile phones cell phones
851718 telephones other
851761 base stations
851769 communication apparatus other
851771 antennas
851779 phone parts
851890 audio parts speaker parts
851981 sound recording reproducing apparatus
852110 video tape recorders
852190 video players recorders dvd
852210 cartridges pick up
852290 audio video parts
852329 magnetic media
852341 optical media blank
852349 optical media recorded discs
852352 smart cards
852359 semiconductor media
852380 recorded media software other
852550 transmitters
852560 transceivers
852589 cameras other
852610 radar apparatus
852692 radio remote control apparatus
852712 pocket radio cassette players
852713 radio receivers with sound recording
852719 radio receivers other
852721 car radios
852742 clock radios
852749 radio receivers mains
852759 radio receivers other
852842 monitors crt
852852 monitors computer
852859 monitors other
852862 projectors computer
852871 reception apparatus set top boxes
852910 antennas aerials reflectors
852990 parts television radio
853010 signaling railway
853080 traffic signals
853110 burglar fire alarms smoke detectors
853210 capacitors fixed power
853221 tantalum capacitors
853222 aluminum electrolytic capacitors
853224 ceramic capacitors multilayer
853225 dielectric capacitors paper plastics
853229 capacitors other
853310 fixed carbon resistors
853321 fixed resistors
853340 variable resistors potentiometers
853520 automatic circuit breakers high voltage
853610 fuses
853620 circuit breakers automatic
853630 protecting apparatus surge protectors
853641 relays
853661 lamp holders
853670 connectors optical fibers
853720 control panels high voltage
853810 boards panels unequipped
853921 halogen lamps
853922 filament lamps
853950 led lamps bulbs
853990 lamp parts
854011 cathode ray tubes
854110 diodes
854121 transistors
854129 transistors other
854130 thyristors
854149 photosensitive devices
854150 semiconductor devices
854160 piezoelectric crystals
854232 memories
854233 amplifiers integrated circuits
854239 integrated circuits other
854310 particle accelerators
854320 signal generators
854330 electroplating machines
854340 electric fence energizers
854390 electrical machine parts
854411 winding wire copper
854420 coaxial cable
854430 ignition wiring harnesses vehicles
854470 optical fiber cables
854511 carbon electrodes furnaces
854520 carbon brushes
854590 carbon articles
854620 ceramic insulators
854690 insulators plastic
854710 insulating fittings ceramic
854720 insulating fittings plastic
854800 electrical parts other
900110 optical fibers bundles
900120 polarizing material sheets
900130 contact lenses
900140 spectacle lenses glass
900150 spectacle lenses plastic
900190 lenses prisms mirrors optical
900211 objective lenses cameras projectors
900219 objective lenses other
900220 filters optical
900290 lenses mounted other
900311 spectacle frames plastic
900319 spectacle frames metal
900390 frame parts
900490 glasses safety goggles reading glasses
900510 binoculars
900580 telescopes monoculars
900630 cameras underwater aerial medical
900659 cameras other instant
900661 flashes photographic
900691 camera parts
900711 cinematographic cameras
900850 projectors image enlargers
901010 photographic developing
901110 stereo microscopes
901180 microscopes other
901210 electron microscopes
901310 telescopic sights rifles
901320 lasers
901380 optical devices other magnifiers
901410 compasses
901420 navigation instruments aircraft
901480 navigation instruments other
901510 rangefinders
901520 theodolites
901580 surveying instruments other levels
901600 balances sensitivity
901710 drafting tables machines
901720 drawing instruments
901730 micrometers calipers gauges
901780 measuring tapes rulers instruments
901811 electrocardiographs
901812 ultrasonic scanning
901813 mri apparatus
901814 scintigraphic apparatus
901820 ultraviolet infrared apparatus medical
901841 dental drills
901849 dental instruments
901850 ophthalmic instruments
901910 massage apparatus mechanotherapy
901920 ozone therapy oxygen therapy respiration ventilators cpap
902110 orthopedic fracture appliances
902121 artificial teeth
902129 dental fittings
902131 artificial joints
902139 artificial body parts prosthetics
902140 hearing aids
902150 pacemakers
902190 orthopedic appliances other stents
902212 ct scanners
902214 x ray medical
902219 x ray other
902221 radiation apparatus medical
902290 x ray parts
902410 testing machines metals
902490 testing machine parts
902511 thermometers liquid filled
902590 thermometer parts
902680 measuring instruments liquids gases other
902690 meter parts
902710 gas analysis apparatus
902720 chromatographs electrophoresis
902730 spectrometers spectrophotometers
902750 optical radiation instruments
902781 mass spectrometers
902789 analytical instruments other
902790 analytical parts microtomes
902810 gas meters
902820 water meters
902830 electricity meters
902890 meter parts
902910 revolution counters taximeters odometers pedometers
902990 counter parts
903010 radiation detection
903020 oscilloscopes
903031 multimeters without recording
903039 measuring current voltage
903089 measuring electrical quantities other
903090 measuring electrical parts
903110 balancing machines
903120 test benches
903141 optical inspection semiconductors
903149 optical measuring instruments
903190 measuring instrument parts
903210 thermostats
903220 manostats
903281 hydraulic regulators
903290 regulator parts
903300 parts instruments other
`;

/** The goods words by code (4 or 6 digits). */
export function parseGoods(text: string = GOODS_TEXT): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(\d{4}|\d{6})\s+(.+)$/.exec(line.trim());
    if (m) out.set(m[1]!, `${out.get(m[1]!) ?? ''} ${m[2]!}`.trim());
  }
  return out;
}
